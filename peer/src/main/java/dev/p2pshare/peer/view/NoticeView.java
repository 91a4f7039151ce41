package dev.p2pshare.peer.view;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.p2pshare.peer.net.Notice;

/**
 * A notice the tracker passed on, as one JSON object whose {@code event} says which kind it is.
 * Peers are named with the id the tracker checked.
 */
@JsonPropertyOrder({"event"})
public sealed interface NoticeView {

    /** {@code message}, {@code offer}, {@code joined}, {@code left} or {@code presence}: which kind of notice. */
    @JsonProperty("event")
    String event();

    /** A text from another peer, to this one or to all. */
    record Text(String from, String fromId, boolean toAll, String text) implements NoticeView {
        @Override
        public String event() {
            return "message";
        }
    }

    /** A file another peer offers. */
    record Offer(String from, String fromId, String id, String name, long size) implements NoticeView {
        @Override
        public String event() {
            return "offer";
        }
    }

    /** A peer that came online. */
    record Joined(String name, String id, String host, int port) implements NoticeView {
        @Override
        public String event() {
            return "joined";
        }
    }

    /** A peer that went away. */
    record Left(String name, String id) implements NoticeView {
        @Override
        public String event() {
            return "left";
        }
    }

    /** More peers came and went at once than the tracker names one by one: how many, and how many are online now. */
    record Presence(int joined, int left, int online) implements NoticeView {
        @Override
        public String event() {
            return "presence";
        }
    }

    static NoticeView of(Notice notice) {
        if (notice instanceof Notice.TextFrom text) {
            return new Text(text.fromName(), text.fromId().hex(), text.toAll(), text.text());
        } else if (notice instanceof Notice.OfferFrom offer) {
            return new Offer(offer.fromName(), offer.fromId().hex(), offer.file().id().hex(), offer.file().name(),
                    offer.file().size());
        } else if (notice instanceof Notice.PeerJoined joined) {
            return new Joined(joined.peer().name(), joined.peer().id().hex(), joined.peer().host(),
                    joined.peer().port());
        } else if (notice instanceof Notice.PeerLeft left) {
            return new Left(left.name(), left.id().hex());
        } else if (notice instanceof Notice.PresenceChanged changed) {
            return new Presence(changed.joined(), changed.left(), changed.online());
        }
        throw new IllegalArgumentException("not a notice a front end shows: " + notice);
    }
}
