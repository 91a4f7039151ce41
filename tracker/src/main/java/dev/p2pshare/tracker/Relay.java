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
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;

/**
 * Passes texts, file offers and who joined or left between the peers' sessions, as notices to the
 * sessions that subscribed. The sender of a text or offer is always the session's own peer, under
 * the id its connection proved: a peer cannot speak as another.
 */
final class Relay implements PeerRegistry.Presence, Closeable {

    /** What a subscribed session receives, and how it reaches the others' addresses. */
    record Subscription(NoticeOutbox outbox, boolean presence, Function<RegisteredPeer, Message> joinedNotice) {
    }

    private final PeerRegistry registry;
    private final ExecutorService deliveries = ConnectionThreads.perTask("tracker-notices-");

    Relay(PeerRegistry registry) {
        this.registry = registry;
    }

    /**
     * Starts pushing notices to {@code peer}'s session through {@code pusher}; with
     * {@code presence}, also who joins and leaves. A second subscription replaces the first.
     *
     * @param requester the address the session comes from, and the tracker's on that connection,
     *     which decide how other peers' addresses are given to it
     */
    void subscribe(RegisteredPeer peer, ServerConversation.Pusher pusher, boolean presence, InetAddress requester,
            InetAddress trackerSide) {
        NoticeOutbox outbox = new NoticeOutbox(peer.toString(), pusher, deliveries);
        peer.subscribe(new Subscription(outbox, presence,
                joined -> new Message.PeerJoined(joined.entryFor(requester, trackerSide))));
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
        Subscription subscription = recipient.get().subscription();
        if (subscription == null) {
            throw new ProtocolException(ErrorCode.NOT_FOUND, "peer " + recipient.get() + " does not take texts");
        }
        if (!subscription.outbox().offer(new Message.TextFrom(sender.id(), sender.name(), false, text))) {
            throw new ProtocolException(ErrorCode.NOT_FOUND, "peer " + recipient.get()
                    + " is not reading its texts now; try again later");
        }
        return 1;
    }

    /**
     * Passes {@code text} from {@code sender} to every other subscribed peer; returns how many took it.
     *
     * @throws ProtocolException with {@link ErrorCode#LIMIT_EXCEEDED} if {@code sender} has used up
     *     its {@link RelayAllowance}
     */
    int broadcast(RegisteredPeer sender, String text) throws ProtocolException {
        spend(sender);
        return toOthers(sender, new Message.TextFrom(sender.id(), sender.name(), true, text));
    }

    /**
     * Tells every other subscribed peer that {@code sender} offers the file with {@code file}'s id,
     * named and sized as the tracker lists it; returns how many were told.
     *
     * @throws ProtocolException with {@link ErrorCode#NOT_FOUND} if {@code sender} does not share
     *     the file whole, as the tracker knows; with {@link ErrorCode#LIMIT_EXCEEDED} if it has used
     *     up its {@link RelayAllowance}
     */
    int offer(RegisteredPeer sender, FileEntry file) throws ProtocolException {
        spend(sender);
        if (!registry.sharesWhole(sender, file.id())) {
            throw new ProtocolException(ErrorCode.NOT_FOUND, "this peer does not share " + file.id().shortHex()
                    + " whole; announce it before offering it");
        }
        // The file as the tracker lists it, not as the offer describes it: an offer cannot dress one
        // file up under another's name or size.
        FileEntry listed = registry.files().withPrefix(file.id().hex(), 1).stream().findFirst()
                .map(FileIndex.IndexedFile::entry).orElse(file);
        return toOthers(sender, new Message.OfferFrom(sender.id(), sender.name(), listed));
    }

    @Override
    public void joined(RegisteredPeer peer) {
        tellPresence(peer, subscription -> subscription.joinedNotice().apply(peer));
    }

    @Override
    public void left(RegisteredPeer peer) {
        Message.PeerLeft notice = new Message.PeerLeft(peer.id(), peer.name());
        tellPresence(peer, subscription -> notice);
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

    private int toOthers(RegisteredPeer sender, Message notice) {
        int reached = 0;
        for (RegisteredPeer other : registry.online()) {
            Subscription subscription = other.subscription();
            if (other != sender && subscription != null && subscription.outbox().offer(notice)) {
                reached++;
            }
        }
        return reached;
    }

    /** Stops delivering; notices still waiting are dropped with their sessions. */
    @Override
    public void close() {
        deliveries.shutdownNow();
    }
}
