package dev.p2pshare.peer.net;

import dev.p2pshare.protocol.NodeId;
import dev.p2pshare.protocol.tls.UnexpectedIdentityException;
import dev.p2pshare.protocol.transport.Endpoint;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The tracker at the configured address proved an id other than the one this peer trusts for it.
 * Either someone is impersonating the tracker, or the tracker was set up again with a new
 * identity; the message says how to tell this peer in the second case, and whoever started the peer
 * may add how to pin the new id ({@link #presented}).
 */
public final class UntrustedTrackerException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Endpoint tracker;
    private final transient NodeId presented;

    UntrustedTrackerException(Endpoint tracker, Path trustFile, UnexpectedIdentityException cause) {
        super("REFUSED: the tracker at " + tracker + " proved the id " + cause.presented().grouped()
                + ", but this peer trusts only " + cause.expected().grouped() + " there (kept in " + trustFile
                + "). Someone may be impersonating the tracker. If the tracker was set up again and really has "
                + "a new id, check that id with whoever runs it, then delete that line of " + trustFile + ".", cause);
        this.tracker = tracker;
        this.presented = cause.presented();
    }

    /** The tracker's address, as configured. */
    public Endpoint tracker() {
        return tracker;
    }

    /** The id the node at that address proved. */
    public NodeId presented() {
        return presented;
    }
}
