package dev.p2pshare.peer;

/**
 * An operation failed for a reason the user can understand and act on; the message says what
 * happened and, where there is one, what to do next.
 */
public class PeerException extends Exception {

    private static final long serialVersionUID = 1L;

    public PeerException(String message) {
        super(message);
    }

    public PeerException(String message, Throwable cause) {
        super(message, cause);
    }
}
