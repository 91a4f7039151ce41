package dev.p2pshare.peer;

import dev.p2pshare.peer.folder.SharedFile;
import dev.p2pshare.peer.net.OnlinePeers;
import dev.p2pshare.peer.net.TrackerLink;
import dev.p2pshare.peer.reference.Kind;
import dev.p2pshare.peer.reference.Reference;
import dev.p2pshare.protocol.Limits;
import dev.p2pshare.protocol.PeerEntry;
import dev.p2pshare.protocol.transport.ErrorReplyException;
import java.io.IOException;

/**
 * Who else is online, and what passes between peers through the tracker: texts, broadcasts,
 * offers, and the notices of them and of peers joining and leaving. The tracker passes each on
 * under the sender's proven id. Thread-safe.
 */
public final class Messaging {

    private final TrackerLink link;
    private final PeerNotices notices;
    private final Sharing sharing;

    Messaging(TrackerLink link, PeerNotices notices, Sharing sharing) {
        this.link = link;
        this.notices = notices;
        this.sharing = sharing;
    }

    /** The online peers, as the tracker lists them. */
    public OnlinePeers peers() throws IOException {
        OnlinePeers list = link.peers();
        if (!list.truncated()) {
            notices.online(list.peers());
        }
        return list;
    }

    /**
     * The notices the tracker passes on: texts and offers from other peers, and (unless
     * {@link PeerConfig#presenceNotices()} is off) who joins and leaves. Listen to them there.
     */
    public PeerNotices notices() {
        return notices;
    }

    /**
     * Sends {@code text} to the online peer {@code to}, named as a {@link Reference} reads it.
     *
     * @return the peer it went to
     * @throws PeerException if no one online, or more than one, answers to {@code to}, or the text
     *     is empty or too long
     */
    public PeerEntry sendText(String to, String text) throws IOException, PeerException {
        requireSendable(text);
        PeerEntry recipient = onlinePeer(to);
        try {
            link.sendText(recipient.id(), text);
        } catch (ErrorReplyException refused) {
            throw new PeerException("the text did not reach " + recipient.name() + ": " + refused.getMessage(), refused);
        }
        return recipient;
    }

    /**
     * Sends {@code text} to every other peer online.
     *
     * @return how many peers it reached
     */
    public int broadcast(String text) throws IOException, PeerException {
        requireSendable(text);
        return link.broadcast(text);
    }

    /**
     * Tells every other peer online that this peer offers the shared file {@code file}, named as
     * a {@link Reference} reads it.
     *
     * @return how many peers were told
     * @throws PeerException if this peer shares no such file, or more than one
     */
    public int offer(String file) throws IOException, PeerException {
        SharedFile offered = sharing.named(file);
        try {
            return link.offer(offered.entry());
        } catch (ErrorReplyException refused) {
            throw new PeerException("could not offer " + offered.name() + ": " + refused.getMessage(), refused);
        }
    }

    /** The online peer {@code reference} names, as a {@link Reference} reads it. */
    PeerEntry onlinePeer(String reference) throws IOException, PeerException {
        return Reference.of(reference).pickOne(peers().peers(), PeerEntry::name, peer -> peer.id().hex(),
                Kind.ONLINE_PEER).orElseThrow(PeerException::new);
    }

    private static void requireSendable(String text) throws PeerException {
        if (text.isBlank()) {
            throw new PeerException("there is no text to send");
        }
        if (text.length() > Limits.MAX_TEXT_CHARS) {
            throw new PeerException("a text is at most " + Limits.MAX_TEXT_CHARS + " characters; this one has "
                    + text.length());
        }
        try {
            TrackerLink.requireCarriable(text);
        } catch (IllegalArgumentException e) {
            throw new PeerException("cannot send this text: " + e.getMessage(), e);
        }
    }
}
