package dev.p2pshare.peer;

/**
 * Which trackers a starting peer registers with, decided while its folder is indexed: a peer that
 * looks for trackers on the LAN does so meanwhile, and decides here.
 */
@FunctionalInterface
public interface TrackerDecision {

    /** Registers with the trackers the configuration names, or hosts the tracker it names. */
    TrackerDecision AS_CONFIGURED = given -> given;

    /**
     * The configuration to start with, given the one the peer was started with; called once, on a
     * thread of its own while the folder is indexed (unless it is {@link #AS_CONFIGURED}). The
     * start goes on once both are done.
     *
     * @throws PeerException to abandon the start: the indexing ends early, keeping what it hashed,
     *     and the peer closes what it opened
     */
    PeerConfig decide(PeerConfig given) throws PeerException;
}
