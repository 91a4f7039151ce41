package dev.p2pshare.peer.folder;

import dev.p2pshare.protocol.FileEntry;
import dev.p2pshare.protocol.FileId;
import dev.p2pshare.protocol.FileNames;
import dev.p2pshare.protocol.Manifest;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A file this peer shares: where it is, what it is called on the network, and its manifest.
 *
 * @param path the file, absolute
 * @param relativePath the file's path inside the shared folder, with {@code /} separators
 * @param modifiedNanos the file's modification time when it was hashed, in nanoseconds since the epoch
 */
public record SharedFile(Manifest manifest, String name, Path path, String relativePath, long modifiedNanos) {

    public SharedFile {
        Objects.requireNonNull(manifest, "manifest");
        FileNames.require(name);
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(relativePath, "relativePath");
    }

    public FileId id() {
        return manifest.id();
    }

    public long size() {
        return manifest.size();
    }

    /** The file as the tracker should list it. */
    public FileEntry entry() {
        return new FileEntry(id(), name, size());
    }
}
