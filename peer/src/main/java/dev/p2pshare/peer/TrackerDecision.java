package dev.p2pshare.peer;

/**
 * Which trackers a starting peer registers with, decided once its folder is indexed: a peer that
 * looks for trackers on the LAN does so while it indexes, and decides here.
 */
@FunctionalInterface
public interface TrackerDecision {

    /** Registers with the trackers the configuration names, or hosts the tracker it names. */
    TrackerDecision AS_CONFIGURED = given -> given;

    /**
     * The configuration to start with, given the one the peer was started with; called once, on
     * the thread that starts the peer.
     *
     * @throws PeerException to abandon the start (the peer closes what it opened)
     */
    PeerConfig decide(PeerConfig given) throws PeerException;
}
