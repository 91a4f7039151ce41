package dev.p2pshare.peer.net;

import dev.p2pshare.protocol.FileEntry;
import dev.p2pshare.protocol.Message;
import dev.p2pshare.protocol.NodeId;
import dev.p2pshare.protocol.PeerEntry;
import java.util.Objects;

/**
 * Something the tracker told this peer unasked: a peer came or went, a text, an offer. The names
 * and ids in it are the ones the tracker checked.
 */
public sealed interface Notice {

    /** {@code peer} came online. */
    record PeerJoined(PeerEntry peer) implements Notice {
        public PeerJoined {
            Objects.requireNonNull(peer, "peer");
        }
    }

    /** The peer {@code id}, called {@code name}, went offline. */
    record PeerLeft(NodeId id, String name) implements Notice {
        public PeerLeft {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(name, "name");
        }
    }

    /**
     * More peers came and went at once than the tracker names one by one: {@code joined} came and
     * {@code left} went beyond those it named; {@code online} are online now.
     */
    record PresenceChanged(int joined, int left, int online) implements Notice {
    }

    /** A text from a peer, to this one alone or, if {@code toAll}, to everyone online. */
    record TextFrom(NodeId fromId, String fromName, boolean toAll, String text) implements Notice {
        public TextFrom {
            Objects.requireNonNull(fromId, "fromId");
            Objects.requireNonNull(fromName, "fromName");
            Objects.requireNonNull(text, "text");
        }
    }

    /** A peer offers {@code file} to everyone online. */
    record OfferFrom(NodeId fromId, String fromName, FileEntry file) implements Notice {
        public OfferFrom {
            Objects.requireNonNull(fromId, "fromId");
            Objects.requireNonNull(fromName, "fromName");
            Objects.requireNonNull(file, "file");
        }
    }

    /** The notice the tracker sent as {@code wire}. */
    static Notice of(Message.Notice wire) {
        if (wire instanceof Message.PeerJoined joined) {
            return new PeerJoined(joined.peer());
        }
        if (wire instanceof Message.PeerLeft left) {
            return new PeerLeft(left.id(), left.name());
        }
        if (wire instanceof Message.PresenceChanged changed) {
            return new PresenceChanged(changed.joined(), changed.left(), changed.online());
        }
        if (wire instanceof Message.TextFrom text) {
            return new TextFrom(text.fromId(), text.fromName(), text.toAll(), text.text());
        }
        if (wire instanceof Message.OfferFrom offer) {
            return new OfferFrom(offer.fromId(), offer.fromName(), offer.file());
        }
        throw new IllegalArgumentException("a notice of a kind this peer does not know: " + wire);
    }
}
