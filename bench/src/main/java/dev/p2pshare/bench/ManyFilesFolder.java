package dev.p2pshare.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A folder of many files of pseudo-random bytes, every one different, in subfolders of a hundred,
 * as a photo or music collection is laid out. Made once and kept: a marker beside it records what
 * it holds, and a folder that does not match the marker is made again.
 */
final class ManyFilesFolder {

    private static final int FILES_PER_SUBFOLDER = 100;
    private static final int BLOCK = 1 << 20;

    private ManyFilesFolder() {
    }

    /**
     * Folder {@code name} in {@code workspace}, holding {@code count} files of {@code totalBytes}
     * in all (each the same size, give or take a byte).
     */
    static Path of(Workspace workspace, String name, int count, long totalBytes) throws IOException {
        Path folder = workspace.root().resolve(name);
        Path marker = workspace.root().resolve(name + ".complete");
        String description = count + " files, " + totalBytes + " bytes";
        if (Files.isDirectory(folder) && Files.exists(marker)
                && Files.readString(marker, StandardCharsets.UTF_8).equals(description)) {
            return folder;
        }
        Files.deleteIfExists(marker);
        Workspace.empty(folder);
        workspace.requireRoom(totalBytes + totalBytes / 8);
        byte[] block = new byte[BLOCK];
        for (int index = 0; index < count; index++) {
            long size = totalBytes / count + (index < totalBytes % count ? 1 : 0);
            Path file = Files.createDirectories(folder.resolve(String.format(Locale.ROOT, "album-%03d",
                    index / FILES_PER_SUBFOLDER))).resolve(String.format(Locale.ROOT, "photo-%05d.jpg", index));
            SplittableRandom random = new SplittableRandom(index);
            try (OutputStream out = Files.newOutputStream(file)) {
                for (long written = 0; written < size; written += BLOCK) {
                    random.nextBytes(block);
                    out.write(block, 0, (int) Math.min(BLOCK, size - written));
                }
            }
        }
        Files.writeString(marker, description, StandardCharsets.UTF_8);
        return folder;
    }
}
