package dev.p2pshare.peer.transfer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * The room left on the disk that holds a folder, and how to say it is too little.
 *
 * @param folder the folder, as the user knows it
 * @param usable the bytes this process may still write there
 */
record DiskSpace(Path folder, long usable) {

    private static final double MIB = 1024.0 * 1024.0;

    /** The room left for {@code folder} now; empty if the system cannot tell. */
    static Optional<DiskSpace> of(Path folder) {
        try {
            return Optional.of(new DiskSpace(folder, Files.getFileStore(folder).getUsableSpace()));
        } catch (IOException e) {
            // Not knowing the room is no reason to refuse a download: writing will tell.
            return Optional.empty();
        }
    }

    /** That the disk is too full for {@code needed} more bytes, with both figures. */
    String fullMessage(long needed) {
        return String.format(Locale.ROOT, "the disk holding %s is full: %.1f MiB free, %.1f MiB needed", folder,
                usable / MIB, needed / MIB);
    }
}
