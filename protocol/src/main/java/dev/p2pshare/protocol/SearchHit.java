package dev.p2pshare.protocol;

import java.util.Objects;

/**
 * One file that matched a search.
 *
 * @param sources how many online peers share the file
 */
public record SearchHit(FileId id, String name, long size, int sources) {

    public SearchHit {
        Objects.requireNonNull(id, "id");
        FileNames.require(name);
        Manifest.chunkCount(size);
        Checks.range("sources", sources, 0, Integer.MAX_VALUE);
    }
}
