package dev.p2pshare.protocol.tls;

import dev.p2pshare.protocol.NodeId;
import java.io.IOException;
import java.util.Objects;

/**
 * The node at the other end of a connection proved an identity other than the one expected: the
 * address now belongs to someone else, or someone sits between the two. The connection is closed
 * before anything is sent over it.
 */
public final class UnexpectedIdentityException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient NodeId expected;
    private final transient NodeId presented;

    public UnexpectedIdentityException(String who, NodeId expected, NodeId presented) {
        super(who + " proved the identity " + presented.grouped() + ", but " + expected.grouped()
                + " was expected: the address is now someone else's, or someone is in between");
        this.expected = Objects.requireNonNull(expected, "expected");
        this.presented = Objects.requireNonNull(presented, "presented");
    }

    /** The id that was expected. */
    public NodeId expected() {
        return expected;
    }

    /** The id the other side proved. */
    public NodeId presented() {
        return presented;
    }
}
