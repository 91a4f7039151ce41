package dev.p2pshare.peer.folder;

import dev.p2pshare.protocol.FailureReason;
import dev.p2pshare.protocol.FileNames;
import dev.p2pshare.protocol.Manifest;
import dev.p2pshare.protocol.Printable;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the files a folder shares and their manifests, hashing only files the cache does not
 * know with their current {@link FileStamp}.
 *
 * <p>Shared: regular files anywhere under the folder, announced under their base name. Not
 * shared: hidden files and folders (a name starting with {@code .}), so also the state folder and
 * the downloads in progress inside it; symbolic links, which could lead outside the folder; and
 * files whose name the protocol does not allow.
 */
public final class FolderScanner {

    private static final Logger log = LoggerFactory.getLogger(FolderScanner.class);

    /**
     * What a scan found and what it cost.
     *
     * @param unsettled files left out because they changed too recently: perhaps still being
     *     written (by relative path)
     * @param folders the folder and its subfolders that were walked, hidden ones excepted
     */
    public record Result(List<SharedFile> files, int hashedFiles, long hashedBytes, Set<String> unsettled,
            List<Path> folders) {
    }

    private final StateDirectory state;
    private final HashCache cache;
    private final FileHasher hasher = new FileHasher();
    /** Paths already warned about, so that a rescan does not repeat the warning. */
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    public FolderScanner(StateDirectory state, HashCache cache) {
        this.state = state;
        this.cache = cache;
    }

    /**
     * Scans the shared folder, updates and saves the cache.
     *
     * @param hashedBytes told of every chunk hashed, for progress
     */
    public Result scan(LongConsumer hashedBytes) throws IOException {
        return scan(hashedBytes, () -> false);
    }

    /**
     * As {@link #scan(LongConsumer)}, ending early, between two files, once {@code abandoned}
     * holds: what was hashed by then is saved in the cache, and the result is partial.
     */
    public Result scan(LongConsumer hashedBytes, BooleanSupplier abandoned) throws IOException {
        Result result = scan(hashedBytes, Long.MAX_VALUE, abandoned);
        saveCache();
        return result;
    }

    /**
     * Scans the shared folder as {@link #scan(LongConsumer)} does, leaving out files changed at or
     * after {@code settledBeforeNanos} (their later of modification and change times, in
     * nanoseconds since the epoch; the change time cannot be set back): they may still
     * be being written, and are listed as unsettled instead. Their cache entries are kept. The
     * cache is updated but not saved: {@link #saveCache} does that, once what the scan found is
     * announced, since saving waits for the disk.
     */
    public Result scan(LongConsumer hashedBytes, long settledBeforeNanos) throws IOException {
        return scan(hashedBytes, settledBeforeNanos, () -> false);
    }

    private Result scan(LongConsumer hashedBytes, long settledBeforeNanos, BooleanSupplier abandoned)
            throws IOException {
        Path folder = state.folder();
        Set<String> unsettled = new HashSet<>();
        List<Path> folders = new ArrayList<>();
        List<SharedFile> found = new ArrayList<>();
        Set<String> present = new HashSet<>();
        int[] hashed = {0};
        long[] bytes = {0};
        boolean[] endedEarly = {false};
        Files.walkFileTree(folder, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                if (dir.equals(folder) || !isHidden(dir)) {
                    folders.add(dir);
                    return FileVisitResult.CONTINUE;
                }
                return FileVisitResult.SKIP_SUBTREE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                if (abandoned.getAsBoolean()) {
                    endedEarly[0] = true;
                    return FileVisitResult.TERMINATE;
                }
                if (!attributes.isRegularFile() || isHidden(file)) {
                    return FileVisitResult.CONTINUE;
                }
                String name = file.getFileName().toString();
                Optional<String> problem = FileNames.problem(name);
                if (problem.isPresent()) {
                    warnOnce(file, problem.get());
                    return FileVisitResult.CONTINUE;
                }
                String relative = relativePath(folder, file);
                present.add(relative);
                try {
                    FileStamp stamp = FileStamp.of(file);
                    if (stamp.lastChangeNanos() >= settledBeforeNanos) {
                        unsettled.add(relative);
                        return FileVisitResult.CONTINUE;
                    }
                    Optional<Manifest> cached = cache.lookup(relative, stamp);
                    Manifest manifest;
                    if (cached.isPresent()) {
                        manifest = cached.get();
                    } else {
                        manifest = hasher.hash(file, hashedBytes);
                        if (!stamp.matches(file)) {
                            throw new IOException("it changed while it was hashed");
                        }
                        cache.put(relative, stamp, manifest);
                        hashed[0]++;
                        bytes[0] += stamp.size();
                    }
                    found.add(new SharedFile(manifest, name, file, relative, stamp));
                } catch (IOException e) {
                    warnOnce(file, FailureReason.of(e));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException failure) {
                warnOnce(file, FailureReason.of(failure));
                return FileVisitResult.CONTINUE;
            }
        });
        if (!endedEarly[0]) {
            // After a walk ended early, the files not reached are still the cache's to keep.
            cache.retainOnly(present);
        }
        return new Result(found, hashed[0], bytes[0], unsettled, folders);
    }

    /** Saves the hash cache, if a scan changed it, so that the next start need not hash again. */
    public void saveCache() throws IOException {
        cache.save();
    }

    private void warnOnce(Path file, String why) {
        if (warned.add(file + ": " + why)) {
            log.warn("not sharing {}: {}", Printable.escape(file), Printable.escape(why));
        }
    }

    /** The path of {@code file} inside {@code folder}, with {@code /} separators on every system. */
    public static String relativePath(Path folder, Path file) {
        return folder.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }

    private static boolean isHidden(Path path) {
        Path name = path.getFileName();
        return name != null && name.toString().startsWith(".");
    }
}
