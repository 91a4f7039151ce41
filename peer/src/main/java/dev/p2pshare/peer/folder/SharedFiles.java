package dev.p2pshare.peer.folder;

import dev.p2pshare.protocol.FileId;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The files this peer shares, by id: what it announces and the only files it serves. When the
 * same bytes sit at two paths, the first one added is served. Thread-safe.
 */
public final class SharedFiles {

    private final Map<FileId, SharedFile> byId = new ConcurrentHashMap<>();

    /** Adds {@code file}; returns false if a file with the same id was already shared. */
    public boolean add(SharedFile file) {
        return byId.putIfAbsent(file.id(), file) == null;
    }

    /** Adds every file of {@code files}. */
    public void addAll(Collection<SharedFile> files) {
        files.forEach(this::add);
    }

    /** The shared file with {@code id}, if any. */
    public Optional<SharedFile> get(FileId id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** Stops sharing {@code file}; returns false if it was not shared. */
    public boolean remove(SharedFile file) {
        return byId.remove(file.id(), file);
    }

    /** A snapshot of every shared file, by name, ignoring case. */
    public List<SharedFile> list() {
        return byId.values().stream()
                .sorted(Comparator.comparing(SharedFile::name, String.CASE_INSENSITIVE_ORDER)
                        .thenComparing(SharedFile::name)
                        .thenComparing(SharedFile::relativePath))
                .toList();
    }

    /** How many files are shared. */
    public int count() {
        return byId.size();
    }

    /** The shared files' total size in bytes. */
    public long totalBytes() {
        return byId.values().stream().mapToLong(SharedFile::size).sum();
    }
}
