package dev.p2pshare.peer.transfer;

import java.util.Objects;

/**
 * A download could not be resolved, started or finished. The message says what happened and what
 * was kept; {@link #remedy()} says what the person can do about it, for each front end to word in
 * its own terms (a command in the shell, a button on the web page).
 */
public final class DownloadException extends Exception {

    private static final long serialVersionUID = 1L;

    /** What can be done after the failure. */
    public enum Remedy {
        /** Nothing this download can do; the message says why. */
        NONE,
        /** Getting the file again resumes it from what was kept. */
        GET_AGAIN,
        /** The disk is full or failed: free some space, then get it again (resuming what was kept). */
        FREE_SPACE_THEN_GET_AGAIN,
        /** The disk has no room to start: free some space, then get it. */
        FREE_SPACE_THEN_GET,
        /** A result number was given with no results to pick from: search first. */
        SEARCH_FIRST,
        /** The file cannot be saved under that name: choose another. */
        CHOOSE_ANOTHER_NAME
    }

    private final Remedy remedy;

    public DownloadException(String message) {
        this(message, Remedy.NONE, null);
    }

    public DownloadException(String message, Throwable cause) {
        this(message, Remedy.NONE, cause);
    }

    public DownloadException(String message, Remedy remedy) {
        this(message, remedy, null);
    }

    public DownloadException(String message, Remedy remedy, Throwable cause) {
        super(message, cause);
        this.remedy = Objects.requireNonNull(remedy, "remedy");
    }

    /** What the person can do about it. */
    public Remedy remedy() {
        return remedy;
    }
}
