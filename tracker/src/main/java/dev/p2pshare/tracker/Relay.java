package dev.p2pshare.tracker;

import dev.p2pshare.protocol.ErrorCode;
import dev.p2pshare.protocol.FileEntry;
import dev.p2pshare.protocol.Message;
import dev.p2pshare.protocol.NodeId;
import dev.p2pshare.protocol.ProtocolException;
import dev.p2pshare.protocol.transport.ConnectionThreads;
import dev.p2pshare.protocol.transport.ServerConversation;
import java.io.Closeable;
import java.net.InetAddress;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Passes texts, file offers and who joined or left between the peers' sessions, as notices to the
 * sessions that subscribed. The sender of a text or offer is always the session's own peer, under
 * the id its connection proved: a peer cannot speak as another.
 *
 * <p>What the relay costs the tracker is bounded network-wide as well as per session: the
 * {@link PresenceGate} lets only so many joins and leaves a second be told one by one, and the
 * {@link BroadcastBudget} only so many broadcast notices a second.
 */
final class Relay implements PeerRegistry.Presence, Closeable {

    private static final Logger log = LoggerFactory.getLogger(Relay.class);

    /** What a subscribed session receives, and how it reaches the others' addresses. */
    record Subscription(NoticeOutbox outbox, boolean presence, boolean summaries,
            Function<RegisteredPeer, Message> joinedNotice) {
    }

    private final PeerRegistry registry;
    private final Cluster cluster;
    private final PresenceGate gate;
    private final BroadcastBudget budget;
    private final ExecutorService deliveries = ConnectionThreads.perTask("tracker-notices-");
    private final ScheduledExecutorService summaries = ConnectionThreads.timer("tracker-presence-summaries");

    /** A relay between the peers of {@code registry}, its network-wide budgets measured by {@code clock}. */
    Relay(PeerRegistry registry, Clock clock) {
        this(registry, Cluster.local(), clock);
    }

    /**
     * A relay between the peers of {@code registry}, passing notices for peers held by other
     * instances through {@code cluster}.
     */
    Relay(PeerRegistry registry, Cluster cluster, Clock clock) {
        this.registry = registry;
        this.cluster = cluster;
        this.gate = new PresenceGate(clock);
        this.budget = new BroadcastBudget(clock);
    }

    /**
     * Starts pushing notices to {@code peer}'s session through {@code pusher}; with
     * {@code presence}, also who joins and leaves, and with {@code summaries} as well, how many
     * joined and left beyond those told one by one. A second subscription replaces the first.
     *
     * @param requester the address the session comes from, and the tracker's on that connection,
     *     which decide how other peers' addresses are given to it
     */
    void subscribe(RegisteredPeer peer, ServerConversation.Pusher pusher, boolean presence, boolean summaries,
            InetAddress requester, InetAddress trackerSide) {
        NoticeOutbox outbox = new NoticeOutbox(peer.toString(), pusher, deliveries);
        peer.subscribe(new Subscription(outbox, presence, presence && summaries,
                joined -> new Message.PeerJoined(joined.entryFor(requester, trackerSide))));
        registry.subscribed(peer, presence);
    }

    /**
     * Delivers {@code notice}, passed on by another instance, to peer {@code to} if this instance
     * holds it and it subscribed; or, with {@code to} null, to every subscribed peer here but
     * {@code sender}.
     */
    void deliver(NodeId to, NodeId sender, Message notice) {
        if (to == null) {
            for (RegisteredPeer other : registry.online()) {
                Subscription subscription = other.subscription();
                if (!other.remote() && !other.id().equals(sender) && subscription != null) {
                    subscription.outbox().offer(notice);
                }
            }
            return;
        }
        registry.peer(to).filter(peer -> !peer.remote()).map(RegisteredPeer::subscription)
                .ifPresent(subscription -> subscription.outbox().offer(notice));
    }

    /**
     * Passes {@code text} from {@code sender} to the online peer {@code to}.
     *
     * @return 1
     * @throws ProtocolException with {@link ErrorCode#NOT_FOUND} if {@code to} is not online, or
     *     takes no texts (it did not subscribe), or cannot take more now; with
     *     {@link ErrorCode#LIMIT_EXCEEDED} if {@code sender} has used up its {@link RelayAllowance}
     */
    int sendText(RegisteredPeer sender, NodeId to, String text) throws ProtocolException {
        spend(sender);
        Optional<RegisteredPeer> recipient = registry.peer(to);
        if (recipient.isEmpty()) {
            throw new ProtocolException(ErrorCode.NOT_FOUND, "no peer with id " + to.shortHex() + " is online");
        }
        Message.TextFrom notice = new Message.TextFrom(sender.id(), sender.name(), false, text);
        if (recipient.get().remote()) {
            if (!recipient.get().takesTexts()) {
                throw new ProtocolException(ErrorCode.NOT_FOUND, "peer " + recipient.get() + " does not take texts");
            }
            if (!cluster.sendTo(recipient.get().owner(), to, notice)) {
                throw new ProtocolException(ErrorCode.NOT_FOUND, "peer " + recipient.get()
                        + " is held by another tracker instance that cannot be reached now; try again later");
            }
            return 1;
        }
        Subscription subscription = recipient.get().subscription();
        if (subscription == null) {
            throw new ProtocolException(ErrorCode.NOT_FOUND, "peer " + recipient.get() + " does not take texts");
        }
        if (!subscription.outbox().offer(notice)) {
            throw new ProtocolException(ErrorCode.NOT_FOUND, "peer " + recipient.get()
                    + " is not reading its texts now; try again later");
        }
        return 1;
    }

    /**
     * Passes {@code text} from {@code sender} to every other subscribed peer; returns how many took it.
     *
     * @throws ProtocolException with {@link ErrorCode#LIMIT_EXCEEDED} if {@code sender} has used up
     *     its {@link RelayAllowance}, or the network its {@link BroadcastBudget}
     */
    int broadcast(RegisteredPeer sender, String text) throws ProtocolException {
        spend(sender);
        spendNetwork();
        return toOthers(sender, new Message.TextFrom(sender.id(), sender.name(), true, text));
    }

    /**
     * Tells every other subscribed peer that {@code sender} offers the file with {@code file}'s id,
     * named and sized as the tracker lists it; returns how many were told.
     *
     * @throws ProtocolException with {@link ErrorCode#NOT_FOUND} if {@code sender} does not share
     *     the file whole, as the tracker knows; with {@link ErrorCode#LIMIT_EXCEEDED} if it has used
     *     up its {@link RelayAllowance}, or the network its {@link BroadcastBudget}
     */
    int offer(RegisteredPeer sender, FileEntry file) throws ProtocolException {
        spend(sender);
        if (!registry.sharesWhole(sender, file.id())) {
            throw new ProtocolException(ErrorCode.NOT_FOUND, "this peer does not share " + file.id().shortHex()
                    + " whole; announce it before offering it");
        }
        spendNetwork();
        // The file as the tracker lists it, not as the offer describes it: an offer cannot dress one
        // file up under another's name or size.
        FileEntry listed = registry.files().withPrefix(file.id().hex(), 1).stream().findFirst()
                .map(FileIndex.IndexedFile::entry).orElse(file);
        return toOthers(sender, new Message.OfferFrom(sender.id(), sender.name(), listed));
    }

    @Override
    public void joined(RegisteredPeer peer) {
        if (admitted(true)) {
            tellPresence(peer, subscription -> subscription.joinedNotice().apply(peer));
        }
    }

    @Override
    public void left(RegisteredPeer peer) {
        if (admitted(false)) {
            Message.PeerLeft notice = new Message.PeerLeft(peer.id(), peer.name());
            tellPresence(peer, subscription -> notice);
        }
    }

    /**
     * Whether a join ({@code joined}) or leave is told one by one; if not, it is counted, and the
     * first one counted since the last summary sets the next summary going.
     */
    private boolean admitted(boolean joined) {
        PresenceGate.Verdict verdict = gate.change(joined, registry.size());
        if (verdict == PresenceGate.Verdict.HOLD_FIRST) {
            try {
                summaries.schedule(this::summarise, PresenceGate.INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopping) {
                // The tracker is stopping: nobody is left to tell.
                log.debug("no presence summary: the tracker is stopping");
            }
        }
        return verdict == PresenceGate.Verdict.TELL;
    }

    /** Tells every session that asked for summaries how many joined and left without a notice of their own. */
    private void summarise() {
        try {
            gate.takeHeld().ifPresent(held -> {
                Message.PresenceChanged notice = new Message.PresenceChanged(held.joined(), held.left(),
                        registry.size());
                for (RegisteredPeer other : registry.online()) {
                    Subscription subscription = other.subscription();
                    if (subscription != null && subscription.summaries()) {
                        subscription.outbox().offer(notice);
                    }
                }
            });
        } catch (RuntimeException e) {
            // A summary lost is a count lost, not the relay: the next change held sets another going.
            log.error("telling the presence summary failed", e);
        }
    }

    /** Queues the notice about {@code subject} for every other session that subscribed with presence. */
    private void tellPresence(RegisteredPeer subject, Function<Subscription, Message> notice) {
        for (RegisteredPeer other : registry.online()) {
            Subscription subscription = other.subscription();
            if (other != subject && subscription != null && subscription.presence()) {
                subscription.outbox().offer(notice.apply(subscription));
            }
        }
    }

    private static void spend(RegisteredPeer sender) throws ProtocolException {
        if (!sender.allowance().take()) {
            throw new ProtocolException(ErrorCode.LIMIT_EXCEEDED, "a peer sends at most " + RelayAllowance.BURST
                    + " texts and offers at once and " + RelayAllowance.PER_SECOND + " a second after; wait a moment");
        }
    }

    private void spendNetwork() throws ProtocolException {
        if (!budget.take(Math.max(0, registry.size() - 1))) {
            throw new ProtocolException(ErrorCode.LIMIT_EXCEEDED, "the network is busy: the tracker passes at most "
                    + BroadcastBudget.PER_SECOND + " broadcast and offer notices a second among all its peers; "
                    + "try again in a moment");
        }
    }

    /**
     * Queues {@code notice} for every other subscribed peer here, and passes it to the other
     * instances for theirs. A peer held elsewhere counts as reached if it subscribed there: whether
     * its queue had room is not known here.
     */
    private int toOthers(RegisteredPeer sender, Message notice) {
        int reached = 0;
        boolean elsewhere = false;
        for (RegisteredPeer other : registry.online()) {
            if (other.remote()) {
                elsewhere = true;
                reached += other.takesTexts() ? 1 : 0;
                continue;
            }
            Subscription subscription = other.subscription();
            if (other != sender && subscription != null && subscription.outbox().offer(notice)) {
                reached++;
            }
        }
        if (elsewhere) {
            cluster.broadcast(sender.id(), notice);
        }
        return reached;
    }

    /** Stops delivering; notices still waiting, and a summary not yet due, are dropped with their sessions. */
    @Override
    public void close() {
        summaries.shutdownNow();
        deliveries.shutdownNow();
    }
}
