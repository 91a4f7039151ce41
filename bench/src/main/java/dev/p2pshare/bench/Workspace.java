package dev.p2pshare.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * The directory a benchmark works in: the data file every tool shares, and a folder per
 * program. Folders of sharing programs are kept between runs (so nothing hashes its data twice);
 * folders of downloading programs are emptied before each run.
 */
final class Workspace {

    /** The name the shared file has in every folder. */
    static final String FILE_NAME = "bench.bin";

    private static final int BLOCK = 1 << 20;

    private final Path root;

    Workspace(Path root) throws IOException {
        this.root = Files.createDirectories(root.toAbsolutePath());
    }

    Path root() {
        return root;
    }

    /**
     * The data file of {@code size} bytes, {@link #FILE_NAME}, made of pseudo-random bytes (the
     * same for the same size) and created if it is missing or has another size.
     */
    Path dataFile(long size) throws IOException {
        return dataFile(FILE_NAME, size);
    }

    /**
     * Data file {@code name} of {@code size} bytes, made of pseudo-random bytes (the same for the
     * same name and size, and different from other names') and created if it is missing or has
     * another size.
     */
    Path dataFile(String name, long size) throws IOException {
        Path data = Files.createDirectories(root.resolve("data")).resolve(name);
        if (Files.exists(data) && Files.size(data) == size) {
            return data;
        }
        Path temporary = data.resolveSibling(name + ".tmp");
        byte[] block = new byte[BLOCK];
        SplittableRandom random = new SplittableRandom(size * 31 + name.hashCode());
        try (OutputStream out = Files.newOutputStream(temporary)) {
            for (long written = 0; written < size; written += BLOCK) {
                random.nextBytes(block);
                out.write(block, 0, (int) Math.min(BLOCK, size - written));
            }
        }
        return Files.move(temporary, data, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Checks that {@code bytes} more fit where the workspace is. In a memory-backed folder
     * (/dev/shm) a full file system is also a machine out of memory, which slows everything and
     * measures nothing.
     *
     * @throws IOException if they do not fit, saying how much is missing
     */
    void requireRoom(long bytes) throws IOException {
        long usable = Files.getFileStore(root).getUsableSpace();
        if (usable < bytes) {
            throw new IOException(root + " has " + Units.bytes(usable) + " free, a run needs " + Units.bytes(bytes)
                    + ": free some space or pass --dir");
        }
    }

    /**
     * Folder {@code name}, created if missing, holding {@code files} (data files from
     * {@link #dataFile}) under their own names.
     */
    Path sharingFolder(String name, Path... files) throws IOException {
        Path folder = Files.createDirectories(root.resolve(name));
        for (Path data : files) {
            Path file = folder.resolve(data.getFileName());
            if (Files.exists(file) && Files.isSameFile(file, data)) {
                continue;
            }
            Files.deleteIfExists(file);
            try {
                Files.createLink(file, data);
            } catch (UnsupportedOperationException | IOException noLink) {
                // Hard links are not possible everywhere (across file systems, say); a copy serves as well.
                Files.copy(data, file);
            }
        }
        return folder;
    }

    /** Folder {@code name}, emptied or created. */
    Path emptyFolder(String name) throws IOException {
        Path folder = root.resolve(name);
        empty(folder);
        return Files.createDirectories(folder);
    }

    /**
     * Deletes {@code folder} and everything in it. Downloads are deleted as soon as they are
     * checked: files in memory-backed folders hold memory the next run should have.
     */
    static void empty(Path folder) throws IOException {
        if (Files.exists(folder)) {
            try (Stream<Path> paths = Files.walk(folder)) {
                paths.sorted(Comparator.reverseOrder()).forEach(Workspace::delete);
            }
        }
    }

    /** Folder for the logs of one run. */
    Path logFolder(String run) throws IOException {
        return emptyFolder("logs/" + run);
    }

    /**
     * Reads {@code file} through, so that it is in the page cache when timing starts: this
     * machine pages idle memory out, and a run should not measure the disk.
     */
    static void warm(Path file) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocateDirect(8 * BLOCK);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            while (channel.read(buffer) >= 0) {
                buffer.clear();
            }
        }
    }

    /**
     * Checks that {@code copy} has exactly the bytes of {@code original}.
     *
     * @throws IOException if it differs or is missing
     */
    static void requireSameBytes(Path original, Path copy) throws IOException {
        if (!Files.exists(copy)) {
            throw new IOException(copy + " is missing");
        }
        long mismatch = Files.mismatch(original, copy);
        if (mismatch != -1) {
            throw new IOException(copy + " differs from " + original + " from byte " + mismatch);
        }
    }

    private static void delete(Path path) {
        try {
            Files.delete(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + path, e);
        }
    }
}
