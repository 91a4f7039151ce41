package dev.p2pshare.peer.transfer;

import dev.p2pshare.protocol.FailureReason;
import java.io.IOException;

/**
 * Writing or recording a download on this peer's own disk failed (the disk is full, read-only, or
 * failing): no source is at fault, and no source can help, so the download stops at once.
 */
final class LocalWriteException extends IOException {

    private static final long serialVersionUID = 1L;

    LocalWriteException(IOException cause) {
        super(FailureReason.of(cause), cause);
    }
}
