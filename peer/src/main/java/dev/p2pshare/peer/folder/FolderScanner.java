package dev.p2pshare.peer.folder;

import dev.p2pshare.protocol.FileNames;
import dev.p2pshare.protocol.Manifest;
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
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the files a folder shares and their manifests, hashing only files the cache does not
 * know in their current size and modification time.
 *
 * <p>Shared: regular files anywhere under the folder, announced under their base name. Not
 * shared: hidden files and folders (a name starting with {@code .}), so also the state folder and
 * the downloads in progress inside it; symbolic links, which could lead outside the folder; and
 * files whose name the protocol does not allow.
 */
public final class FolderScanner {

    private static final Logger log = LoggerFactory.getLogger(FolderScanner.class);

    /** What a scan found and what it cost. */
    public record Result(List<SharedFile> files, int hashedFiles, long hashedBytes) {
    }

    private final StateDirectory state;
    private final HashCache cache;
    private final FileHasher hasher = new FileHasher();

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
        Path folder = state.folder();
        List<SharedFile> found = new ArrayList<>();
        Set<String> present = new HashSet<>();
        int[] hashed = {0};
        long[] bytes = {0};
        Files.walkFileTree(folder, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                return dir.equals(folder) || !isHidden(dir) ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                if (!attributes.isRegularFile() || isHidden(file)) {
                    return FileVisitResult.CONTINUE;
                }
                String name = file.getFileName().toString();
                Optional<String> problem = FileNames.problem(name);
                if (problem.isPresent()) {
                    log.warn("not sharing {}: {}", file, problem.get());
                    return FileVisitResult.CONTINUE;
                }
                String relative = relativePath(folder, file);
                long size = attributes.size();
                long modified = attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS);
                present.add(relative);
                try {
                    Optional<Manifest> cached = cache.lookup(relative, size, modified);
                    Manifest manifest;
                    if (cached.isPresent()) {
                        manifest = cached.get();
                    } else {
                        manifest = hasher.hash(file, hashedBytes);
                        if (manifest.size() != size) {
                            throw new IOException("it changed while it was hashed");
                        }
                        cache.put(relative, size, modified, manifest);
                        hashed[0]++;
                        bytes[0] += size;
                    }
                    found.add(new SharedFile(manifest, name, file, relative, modified));
                } catch (IOException e) {
                    log.warn("not sharing {}: {}", file, e.getMessage());
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException failure) {
                log.warn("not sharing {}: {}", file, failure.toString());
                return FileVisitResult.CONTINUE;
            }
        });
        cache.retainOnly(present);
        cache.save();
        return new Result(found, hashed[0], bytes[0]);
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
