package dev.p2pshare.peer.cli;

import dev.p2pshare.peer.net.Notice;

/**
 * How a notice from the tracker reads, as one line for a person. Peers are named with their
 * short id, which the tracker checked.
 */
public final class NoticeText {

    private NoticeText() {
    }

    /** One line, such as {@code message from bob (81b637d8fcd2): hello}. */
    public static String line(Notice notice) {
        if (notice instanceof Notice.TextFrom text) {
            return "message " + (text.toAll() ? "to all " : "") + "from " + text.fromName() + " ("
                    + text.fromId().shortHex() + "): " + text.text();
        } else if (notice instanceof Notice.OfferFrom offer) {
            return "offer from " + offer.fromName() + " (" + offer.fromId().shortHex() + "): " + offer.file().name()
                    + ", " + Units.bytes(offer.file().size()) + "; fetch it with: get " + offer.file().id().shortHex();
        } else if (notice instanceof Notice.PeerJoined joined) {
            return joined.peer().name() + " (" + joined.peer().id().shortHex() + ") joined";
        } else if (notice instanceof Notice.PeerLeft left) {
            return left.name() + " (" + left.id().shortHex() + ") left";
        } else if (notice instanceof Notice.PresenceChanged changed) {
            return presence(changed);
        }
        throw new IllegalArgumentException("not a notice the shell knows: " + notice);
    }

    /** Such as {@code 37 peers joined and 5 left in the last second (too many to list); 9964 online now, see: peers}. */
    private static String presence(Notice.PresenceChanged changed) {
        String joined = changed.joined() + (changed.joined() == 1 ? " peer joined" : " peers joined");
        String left = changed.left() + (changed.left() == 1 ? " peer left" : " peers left");
        String what;
        if (changed.joined() > 0 && changed.left() > 0) {
            what = joined + " and " + changed.left() + " left";
        } else {
            what = changed.joined() > 0 ? joined : left;
        }
        return what + " in the last second (too many to list); " + changed.online() + " online now, see: peers";
    }
}
