package dev.p2pshare.peer.transfer;

import dev.p2pshare.protocol.FileId;
import dev.p2pshare.protocol.Message;
import java.io.IOException;

/** Finds the peers that have a file: the tracker, for a real download. */
@FunctionalInterface
public interface SourceFinder {

    /** Where file {@code id} can be fetched from now. */
    Message.LocateResult locate(FileId id) throws IOException;
}
