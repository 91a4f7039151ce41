package dev.p2pshare.peer;

import java.time.Instant;
import java.util.Objects;

/**
 * A download of this session, finished or failed.
 *
 * @param name the file's name (where it was saved, if it succeeded)
 * @param outcome {@code done}, or why the download failed
 */
public record DownloadRecord(Instant at, String name, boolean succeeded, String outcome) {

    public DownloadRecord {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(outcome, "outcome");
    }
}
