package dev.p2pshare.protocol;

import java.io.IOException;
import java.util.Objects;

/**
 * Thrown when bytes from the other side break the protocol, or when the other side answers with
 * an {@code error} message. Carries the {@link ErrorCode} to report or that was reported.
 */
public class ProtocolException extends IOException {

    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    public ProtocolException(ErrorCode code, String detail) {
        super(detail);
        this.code = Objects.requireNonNull(code, "code");
    }

    public ProtocolException(ErrorCode code, String detail, Throwable cause) {
        super(detail, cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    /** The reason, as the wire names it. */
    public ErrorCode code() {
        return code;
    }
}
