package dev.p2pshare.peer.net;

import dev.p2pshare.protocol.FileEntry;
import java.util.BitSet;
import java.util.Objects;

/**
 * A file this peer is downloading, as the tracker is told of it: the file, and which of its
 * chunks this peer has and serves.
 *
 * @param have the chunks this peer has; the caller hands over a copy it no longer changes
 */
public record PartialHolding(FileEntry file, BitSet have) {

    public PartialHolding {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(have, "have");
    }
}
