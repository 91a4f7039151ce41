package dev.p2pshare.peer.transfer;

import dev.p2pshare.peer.net.PartialHolding;
import dev.p2pshare.peer.net.ServedFile;
import dev.p2pshare.protocol.FileEntry;
import dev.p2pshare.protocol.FileId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The files this peer is downloading, which it serves chunk by chunk as they are verified and
 * announces to the tracker as partly here. Thread-safe.
 */
public final class PartialFiles {

    private final Map<FileId, PartFile> parts = new ConcurrentHashMap<>();

    void add(PartFile part) {
        parts.put(part.id(), part);
    }

    void remove(PartFile part) {
        parts.remove(part.id(), part);
    }

    /** The download of {@code id} in progress, if any. */
    Optional<PartFile> get(FileId id) {
        return Optional.ofNullable(parts.get(id));
    }

    /** The file with {@code id} as far as it is downloaded, to serve its verified chunks. */
    public Optional<ServedFile> served(FileId id) {
        PartFile part = parts.get(id);
        return part == null ? Optional.empty()
                : Optional.of(ServedFile.partial(part.manifest(), part.path(), part::has, part::have));
    }

    /** Every download in progress, as the tracker is told of it. */
    public List<PartialHolding> holdings() {
        return parts.values().stream().map(PartialFiles::holding).toList();
    }

    static PartialHolding holding(PartFile part) {
        return new PartialHolding(new FileEntry(part.id(), part.name(), part.manifest().size()), part.have());
    }
}
