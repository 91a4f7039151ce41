package dev.p2pshare.peer.transfer;

import dev.p2pshare.protocol.FileEntry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A finished download.
 *
 * @param file where the file now is
 * @param entry the file as the network knows it
 * @param elapsed from the start of the download to the file in place
 * @param sources the names of the peers that delivered chunks, in the order they were used
 * @param alreadyShared true if nothing was fetched because this peer already shares the file
 */
public record DownloadResult(Path file, FileEntry entry, Duration elapsed, List<String> sources,
        boolean alreadyShared) {

    public DownloadResult {
        sources = List.copyOf(sources);
    }

    /** Average bytes per second over the whole download. */
    public double bytesPerSecond() {
        double seconds = Math.max(elapsed.toNanos(), 1) / 1e9;
        return entry.size() / seconds;
    }
}
