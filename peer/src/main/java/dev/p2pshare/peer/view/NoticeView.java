package dev.p2pshare.peer.view;

import dev.p2pshare.protocol.Message;

/**
 * A notice the tracker passed on, as one JSON object whose {@code event} says which kind it is.
 * Peers are named with the id the tracker checked.
 */
public sealed interface NoticeView {

    /** {@code message}, {@code offer}, {@code joined} or {@code left}. */
    String event();

    /** A text from another peer, to this one or to all. */
    record Text(String event, String from, String fromId, boolean toAll, String text) implements NoticeView {
    }

    /** A file another peer offers. */
    record Offer(String event, String from, String fromId, String id, String name, long size) implements NoticeView {
    }

    /** A peer that came online. */
    record Joined(String event, String name, String id, String host, int port) implements NoticeView {
    }

    /** A peer that went away. */
    record Left(String event, String name, String id) implements NoticeView {
    }

    static NoticeView of(Message.Notice notice) {
        if (notice instanceof Message.TextFrom text) {
            return new Text("message", text.fromName(), text.fromId().hex(), text.toAll(), text.text());
        } else if (notice instanceof Message.OfferFrom offer) {
            return new Offer("offer", offer.fromName(), offer.fromId().hex(), offer.file().id().hex(),
                    offer.file().name(), offer.file().size());
        } else if (notice instanceof Message.PeerJoined joined) {
            return new Joined("joined", joined.peer().name(), joined.peer().id().hex(), joined.peer().host(),
                    joined.peer().port());
        } else if (notice instanceof Message.PeerLeft left) {
            return new Left("left", left.name(), left.id().hex());
        }
        throw new IllegalArgumentException("not a notice a front end shows: " + notice);
    }
}
