package dev.p2pshare.peer.transfer;

import dev.p2pshare.peer.net.Located;
import dev.p2pshare.protocol.FileId;
import java.io.IOException;

/** Finds the peers that have a file: the tracker, for a real download. */
@FunctionalInterface
public interface SourceFinder {

    /** Where file {@code id} can be fetched from now. */
    Located locate(FileId id) throws IOException;
}
