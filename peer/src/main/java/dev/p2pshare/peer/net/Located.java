package dev.p2pshare.peer.net;

import dev.p2pshare.protocol.FileEntry;
import dev.p2pshare.protocol.SourceEntry;
import java.util.List;
import java.util.Objects;

/**
 * A file the tracker knows, and the peers that have it or part of it.
 *
 * @param sources the peers to fetch it from, as the tracker lists them
 */
public record Located(FileEntry file, List<SourceEntry> sources) {

    public Located {
        Objects.requireNonNull(file, "file");
        sources = List.copyOf(sources);
    }
}
