package dev.p2pshare.peer.cli;

import dev.p2pshare.protocol.Message;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a notice from the tracker reads: one line for a person, or the fields of one JSON line for
 * a script. Peers are named with their short id, which the tracker checked.
 */
public final class NoticeText {

    private NoticeText() {
    }

    /** One line, such as {@code message from bob (81b637d8fcd2): hello}. */
    public static String line(Message.Notice notice) {
        if (notice instanceof Message.TextFrom text) {
            return "message " + (text.toAll() ? "to all " : "") + "from " + text.fromName() + " ("
                    + text.fromId().shortHex() + "): " + text.text();
        } else if (notice instanceof Message.OfferFrom offer) {
            return "offer from " + offer.fromName() + " (" + offer.fromId().shortHex() + "): " + offer.file().name()
                    + ", " + Units.bytes(offer.file().size()) + "; fetch it with: get " + offer.file().id().shortHex();
        } else if (notice instanceof Message.PeerJoined joined) {
            return joined.peer().name() + " (" + joined.peer().id().shortHex() + ") joined";
        } else if (notice instanceof Message.PeerLeft left) {
            return left.name() + " (" + left.id().shortHex() + ") left";
        }
        throw new IllegalArgumentException("not a notice the shell knows: " + notice);
    }

    /** The fields of the JSON line for {@code notice}: {@code event} and what it says. */
    public static Map<String, Object> fields(Message.Notice notice) {
        Map<String, Object> fields = new LinkedHashMap<>();
        if (notice instanceof Message.TextFrom text) {
            fields.put("event", "message");
            fields.put("from", text.fromName());
            fields.put("fromId", text.fromId().hex());
            fields.put("toAll", text.toAll());
            fields.put("text", text.text());
        } else if (notice instanceof Message.OfferFrom offer) {
            fields.put("event", "offer");
            fields.put("from", offer.fromName());
            fields.put("fromId", offer.fromId().hex());
            fields.put("id", offer.file().id().hex());
            fields.put("name", offer.file().name());
            fields.put("size", offer.file().size());
        } else if (notice instanceof Message.PeerJoined joined) {
            fields.put("event", "joined");
            fields.put("name", joined.peer().name());
            fields.put("id", joined.peer().id().hex());
            fields.put("host", joined.peer().host());
            fields.put("port", joined.peer().port());
        } else if (notice instanceof Message.PeerLeft left) {
            fields.put("event", "left");
            fields.put("name", left.name());
            fields.put("id", left.id().hex());
        } else {
            throw new IllegalArgumentException("not a notice the shell knows: " + notice);
        }
        return fields;
    }
}
