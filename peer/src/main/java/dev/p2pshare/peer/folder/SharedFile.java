package dev.p2pshare.peer.folder;

import dev.p2pshare.protocol.FileEntry;
import dev.p2pshare.protocol.FileId;
import dev.p2pshare.protocol.FileNames;
import dev.p2pshare.protocol.Manifest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A file this peer shares: where it is, what it is called on the network, and its manifest.
 *
 * @param path the file, absolute
 * @param relativePath the file's path inside the shared folder, with {@code /} separators
 * @param stamp what the file was like on disk when it was hashed
 */
public record SharedFile(Manifest manifest, String name, Path path, String relativePath, FileStamp stamp) {

    public SharedFile {
        Objects.requireNonNull(manifest, "manifest");
        FileNames.require(name);
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(relativePath, "relativePath");
        Objects.requireNonNull(stamp, "stamp");
    }

    /** The file at {@code path}, which has just been hashed or placed, with its stamp now. */
    public static SharedFile at(Path folder, Path path, Manifest manifest) throws IOException {
        return new SharedFile(manifest, path.getFileName().toString(), path, FolderScanner.relativePath(folder, path),
                FileStamp.of(path));
    }

    /**
     * Whether the file on disk is still the one hashed (same stamp), so that its chunks may be
     * served: a chunk of a file changed since is not the chunk of this manifest.
     */
    public boolean unchangedOnDisk() {
        return stamp.matches(path);
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
