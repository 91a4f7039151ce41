package dev.p2pshare.tracker;

import dev.p2pshare.protocol.FileEntry;
import dev.p2pshare.protocol.FileId;
import dev.p2pshare.protocol.Manifest;
import dev.p2pshare.protocol.NodeId;
import dev.p2pshare.protocol.SearchHit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Every file some online peer shares, whole or in part, with the peers that have it.
 *
 * <p>Changes come only from {@link PeerRegistry}, under its lock. Reads (search, lookup) take no
 * lock and see each file either before or after a change.
 */
final class FileIndex {

    /** Best first: most whole sources, then most partial ones, then by name, then by id. */
    private static final Comparator<SearchHit> BEST_FIRST = Comparator.comparingInt(SearchHit::sources).reversed()
            .thenComparing(Comparator.comparingInt(SearchHit::partialSources).reversed())
            .thenComparing(SearchHit::name)
            .thenComparing(SearchHit::id);

    /**
     * How one peer holds a file.
     *
     * @param complete whether it has every chunk
     * @param chunks how many chunks it has
     */
    record Holding(String name, boolean complete, int chunks) {
    }

    /**
     * A file and who shares it, under the name each sharer gave it.
     *
     * @param size the size the first sharer announced; others may have announced another, which
     *     only a downloader can settle (the file id commits to the real size)
     */
    record IndexedFile(FileId id, long size, Map<NodeId, Holding> holders) {

        /** One of the names the file is shared under; which one is unspecified. */
        String name() {
            return holders.values().stream().findFirst().map(Holding::name).orElse("?");
        }

        /** How many holders have the whole file. */
        int completeSources() {
            return (int) holders.values().stream().filter(Holding::complete).count();
        }

        FileEntry entry() {
            return new FileEntry(id, name(), size);
        }
    }

    /** What a search found: the best hits, and whether more matched than were returned. */
    record Matches(List<SearchHit> hits, boolean truncated) {
    }

    private final ConcurrentNavigableMap<String, IndexedFile> files = new ConcurrentSkipListMap<>();

    /** The size recorded for {@code id}, if any peer shares it. */
    Optional<Long> sizeOf(FileId id) {
        IndexedFile file = files.get(id.hex());
        return file == null ? Optional.empty() : Optional.of(file.size());
    }

    /** Records that {@code holder} shares the whole {@code file}. The first size given for an id is the one listed. */
    void add(FileEntry file, NodeId holder) {
        put(file, holder, new Holding(file.name(), true, Manifest.chunkCount(file.size())));
    }

    /**
     * Records that {@code holder} has {@code chunks} of {@code file}'s chunks and is downloading
     * the rest. A peer listed as having the whole file stays so.
     */
    void addPartial(FileEntry file, NodeId holder, int chunks) {
        put(file, holder, new Holding(file.name(), false, chunks));
    }

    private void put(FileEntry file, NodeId holder, Holding holding) {
        // The holder goes in inside compute, so that no reader sees the file without one.
        files.compute(file.id().hex(), (key, indexed) -> {
            IndexedFile present = indexed != null ? indexed
                    : new IndexedFile(file.id(), file.size(), new ConcurrentHashMap<>());
            present.holders().merge(holder, holding, (old, fresh) -> old.complete() && !fresh.complete() ? old : fresh);
            return present;
        });
    }

    /** Records that {@code holder} no longer shares {@code id}; forgets the file when nobody does. */
    void remove(FileId id, NodeId holder) {
        files.computeIfPresent(id.hex(), (key, file) -> {
            file.holders().remove(holder);
            return file.holders().isEmpty() ? null : file;
        });
    }

    /** How many distinct files are shared. */
    int size() {
        return files.size();
    }

    /** The {@code limit} best files whose name (under any sharer) matches {@code query}. */
    Matches search(NameQuery query, int limit) {
        PriorityQueue<SearchHit> worstFirst = new PriorityQueue<>(BEST_FIRST.reversed());
        boolean truncated = false;
        for (IndexedFile file : files.values()) {
            Optional<String> name = matchingName(file, query);
            if (name.isEmpty()) {
                continue;
            }
            int complete = file.completeSources();
            worstFirst.add(new SearchHit(file.id(), name.get(), file.size(), complete, file.holders().size() - complete));
            if (worstFirst.size() > limit) {
                worstFirst.poll();
                truncated = true;
            }
        }
        List<SearchHit> hits = new ArrayList<>(worstFirst);
        hits.sort(BEST_FIRST);
        return new Matches(hits, truncated);
    }

    /** Up to {@code max} files whose id starts with {@code prefix}, in id order. */
    List<IndexedFile> withPrefix(String prefix, int max) {
        List<IndexedFile> found = new ArrayList<>();
        for (Map.Entry<String, IndexedFile> entry : files.tailMap(prefix).entrySet()) {
            if (!entry.getKey().startsWith(prefix) || found.size() == max) {
                break;
            }
            found.add(entry.getValue());
        }
        return found;
    }

    private static Optional<String> matchingName(IndexedFile file, NameQuery query) {
        String tried = null;
        for (Holding holding : file.holders().values()) {
            String name = holding.name();
            if (!name.equals(tried) && query.matches(name)) {
                return Optional.of(name);
            }
            tried = name;
        }
        return Optional.empty();
    }
}
