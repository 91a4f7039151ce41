package dev.p2pshare.peer.transfer;

import dev.p2pshare.protocol.FileId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A finished download.
 *
 * @param file where the file now is
 * @param size the file's size in bytes, as its verified manifest gives it
 * @param elapsed from the start of the download to the file in place
 * @param sources the names of the peers that delivered chunks, in the order they were used
 * @param alreadyShared true if nothing was fetched because this peer already shares the file
 * @param fetchedBytes bytes fetched and verified in this run, duplicates not counted
 * @param bytesBefore bytes that were already here when this run started: a resumed download's
 */
public record DownloadResult(Path file, FileId id, long size, Duration elapsed, List<String> sources,
        boolean alreadyShared, long fetchedBytes, long bytesBefore) {

    public DownloadResult {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(id, "id");
        sources = List.copyOf(sources);
    }

    /** Average bytes fetched per second in this run. */
    public double bytesPerSecond() {
        double seconds = Math.max(elapsed.toNanos(), 1) / 1e9;
        return fetchedBytes / seconds;
    }
}
