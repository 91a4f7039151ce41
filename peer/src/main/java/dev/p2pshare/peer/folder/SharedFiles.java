package dev.p2pshare.peer.folder;

import dev.p2pshare.protocol.FileEntry;
import dev.p2pshare.protocol.FileId;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The files this peer shares: what it announces and the only files it serves. The same bytes may
 * sit at several paths (copies, hard links), each shared under its own name: every path is
 * listed, every name is announced, and the path added first is the one served. Thread-safe;
 * readers see each id's paths before or after a change, never half of one.
 */
public final class SharedFiles {

    /** Each id's files by relative path, oldest first; each map is replaced whole, never changed. */
    private final Map<FileId, Map<String, SharedFile>> byId = new ConcurrentHashMap<>();

    /** Adds {@code file}; returns false if that path was already shared with these bytes. */
    public boolean add(SharedFile file) {
        boolean[] added = {false};
        byId.compute(file.id(), (id, paths) -> {
            if (paths != null && file.equals(paths.get(file.relativePath()))) {
                return paths;
            }
            Map<String, SharedFile> grown = paths == null ? new LinkedHashMap<>() : new LinkedHashMap<>(paths);
            grown.put(file.relativePath(), file);
            added[0] = true;
            return grown;
        });
        return added[0];
    }

    /** Adds every file of {@code files}. */
    public void addAll(Collection<SharedFile> files) {
        files.forEach(this::add);
    }

    /** The shared file with {@code id} that is served: the first of its paths, if any. */
    public Optional<SharedFile> get(FileId id) {
        Map<String, SharedFile> paths = byId.get(id);
        return paths == null ? Optional.empty() : paths.values().stream().findFirst();
    }

    /** Every shared id with the names it is shared under, as a snapshot. */
    public Map<FileId, Set<String>> namesById() {
        Map<FileId, Set<String>> names = new HashMap<>();
        byId.forEach((id, paths) -> {
            Set<String> each = new LinkedHashSet<>();
            paths.values().forEach(file -> each.add(file.name()));
            names.put(id, each);
        });
        return names;
    }

    /** Stops sharing {@code file} at its path; returns false if it was not shared there. */
    public boolean remove(SharedFile file) {
        boolean[] removed = {false};
        byId.computeIfPresent(file.id(), (id, paths) -> {
            if (!file.equals(paths.get(file.relativePath()))) {
                return paths;
            }
            Map<String, SharedFile> shrunk = new LinkedHashMap<>(paths);
            shrunk.remove(file.relativePath());
            removed[0] = true;
            return shrunk.isEmpty() ? null : shrunk;
        });
        return removed[0];
    }

    /** A snapshot of every shared file, each path once, by name ignoring case, then by path. */
    public List<SharedFile> list() {
        return byId.values().stream()
                .flatMap(paths -> paths.values().stream())
                .sorted(Comparator.comparing(SharedFile::name, String.CASE_INSENSITIVE_ORDER)
                        .thenComparing(SharedFile::name)
                        .thenComparing(SharedFile::relativePath))
                .toList();
    }

    /**
     * Every (id, name) shared, as the tracker should list them: each name of each file once, in
     * no particular order (the tracker keeps its own; sorting thousands of files here would only
     * slow a start down).
     */
    public List<FileEntry> entries() {
        return byId.values().stream()
                .flatMap(paths -> paths.values().stream())
                .map(SharedFile::entry)
                .distinct()
                .toList();
    }

    /** How many files are shared, each path counted. */
    public int count() {
        return byId.values().stream().mapToInt(Map::size).sum();
    }

    /** The shared bytes, each content once however many paths hold it. */
    public long totalBytes() {
        return byId.values().stream().mapToLong(paths -> paths.values().iterator().next().size()).sum();
    }
}
