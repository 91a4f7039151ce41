package dev.p2pshare.protocol;

import java.util.Objects;

/**
 * A file as peers announce it and the tracker lists it: id, base name and size in bytes.
 */
public record FileEntry(FileId id, String name, long size) {

    public FileEntry {
        Objects.requireNonNull(id, "id");
        FileNames.require(name);
        Manifest.chunkCount(size);
    }
}
