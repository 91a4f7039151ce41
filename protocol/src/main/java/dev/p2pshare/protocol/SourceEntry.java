package dev.p2pshare.protocol;

import java.util.Objects;

/**
 * A peer that has some or all of a file, as a {@code locate-result} lists it.
 *
 * @param complete whether the peer has the whole file; if not, it is downloading it and serves
 *     the chunks it has verified
 * @param chunks how many of the file's chunks the peer had when it last told the tracker
 */
public record SourceEntry(PeerEntry peer, boolean complete, int chunks) {

    public SourceEntry {
        Objects.requireNonNull(peer, "peer");
        Checks.range("chunks", chunks, 0, Limits.MAX_FILE_SIZE / Manifest.CHUNK_SIZE);
    }
}
