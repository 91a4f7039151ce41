package dev.p2pshare.protocol;

import java.util.Objects;

/**
 * One file that matched a search.
 *
 * @param sources how many online peers share the whole file
 * @param partialSources how many online peers are downloading it and share the chunks they have
 */
public record SearchHit(FileId id, String name, long size, int sources, int partialSources) {

    public SearchHit {
        Objects.requireNonNull(id, "id");
        FileNames.require(name);
        Manifest.chunkCount(size);
        Checks.range("sources", sources, 0, Integer.MAX_VALUE);
        Checks.range("partialSources", partialSources, 0, Integer.MAX_VALUE);
    }
}
