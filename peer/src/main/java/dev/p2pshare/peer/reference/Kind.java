package dev.p2pshare.peer.reference;

import java.util.List;
import java.util.Objects;

/**
 * A kind of thing a {@link Reference} names, with the words its messages use, so that every
 * command says "none" and "ambiguous" the same way.
 *
 * @param one the kind in the singular, as in "no online peer is named …"
 * @param whereListed where the things of this kind are listed, the advice of the "none" message
 */
public record Kind(String one, String whereListed) {

    /** Peers online on the tracker, as {@code msg} and {@code ping} name them. */
    public static final Kind ONLINE_PEER = new Kind("online peer", "'peers' lists who is online");

    /** Files this peer shares, as {@code offer} and stopping sharing name them. */
    public static final Kind SHARED_FILE = new Kind("file shared here", "'files' lists what this peer shares");

    /** Downloads running in the background, as {@code cancel} names them. */
    public static final Kind RUNNING_DOWNLOAD = new Kind("download running here", "'status' lists them");

    /** Files online peers share, as {@code get} names them. */
    public static final Kind ONLINE_FILE = new Kind("file shared online",
            "'search' finds files by a word of their name");

    public Kind {
        Objects.requireNonNull(one, "one");
        Objects.requireNonNull(whereListed, "whereListed");
    }

    /** The message when nothing of this kind answers to {@code text}. */
    public String none(String text) {
        return "no " + one + " is named '" + text + "' or has an id starting with it; " + whereListed;
    }

    /**
     * The message when several things answer to {@code text}.
     *
     * @param shortIds their ids, shortened; may be empty when only the count is known
     */
    public String ambiguous(String text, List<String> shortIds) {
        String ids = shortIds.isEmpty() ? "" : " (ids " + String.join(", ", shortIds) + ")";
        return "'" + text + "' names more than one " + one + ids + "; give more digits of the id";
    }

    /** The message when nothing was typed. */
    public String whichOne() {
        return "say which " + one + ": its name, or at least " + Reference.MIN_ID_DIGITS + " digits of its id";
    }
}
