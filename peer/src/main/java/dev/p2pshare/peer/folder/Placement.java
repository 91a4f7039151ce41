package dev.p2pshare.peer.folder;

import dev.p2pshare.protocol.FileNames;
import dev.p2pshare.protocol.Limits;
import dev.p2pshare.protocol.Printable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a finished file into the shared folder under its name, atomically and without ever
 * replacing an existing file: when {@code name.ext} is taken, it becomes {@code name (1).ext},
 * then {@code name (2).ext}, and so on.
 */
public final class Placement {

    private static final Logger log = LoggerFactory.getLogger(Placement.class);
    private static final int MAX_ATTEMPTS = 10_000;

    private Placement() {
    }

    /**
     * Moves {@code source} (a finished file in the same file system, already forced to disk) into
     * {@code folder} as {@code name}, or the first free numbered variant of it.
     *
     * @return where the file now is: always directly inside {@code folder}
     * @throws IllegalArgumentException if {@code name} is not a valid file name
     */
    public static Path moveInto(Path folder, String name, Path source) throws IOException {
        FileNames.require(name);
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Path target = folder.resolve(attempt == 0 ? name : numbered(name, attempt));
            if (!folder.equals(target.getParent())) {
                throw new IllegalStateException(target + " is not directly inside " + folder);
            }
            if (claim(source, target)) {
                syncDirectory(folder);
                return target;
            }
        }
        throw new IOException("no free name like '" + name + "' in " + folder);
    }

    /**
     * Moves {@code source} to {@code target} unless something is there. Creating a hard link fails
     * atomically when the name is taken, so no file is ever replaced. Where the file system has no
     * hard links, an existence check and an atomic move stand in; another program creating the
     * same name between the two could then lose its file to this one.
     */
    private static boolean claim(Path source, Path target) throws IOException {
        try {
            Files.createLink(target, source);
            Files.delete(source);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (UnsupportedOperationException | IOException linkFailure) {
            if (Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
            log.debug("cannot hard-link into {} ({}); moving instead", Printable.escape(target.getParent()),
                    Printable.escape(linkFailure));
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
            return true;
        }
    }

    /**
     * {@code name} with {@code (n)} before its extension: {@code photo.jpg} becomes
     * {@code photo (1).jpg}, {@code backup.tar.gz} becomes {@code backup (1).tar.gz}, and a name
     * without extension (or a hidden one like {@code .profile}) gets the number at its end. The
     * part before the number is shortened, whole characters at a time, so that the result stays
     * within {@value Limits#MAX_FILE_NAME_BYTES} bytes of UTF-8.
     */
    public static String numbered(String name, int n) {
        int dot = name.lastIndexOf('.');
        if (dot > 0 && name.toLowerCase(Locale.ROOT).substring(0, dot).endsWith(".tar")) {
            dot -= 4;
        }
        String base = dot <= 0 ? name : name.substring(0, dot);
        String extension = dot <= 0 ? "" : name.substring(dot);
        String suffix = " (" + n + ")" + extension;
        int room = Limits.MAX_FILE_NAME_BYTES - utf8Length(suffix);
        while (utf8Length(base) > room && !base.isEmpty()) {
            base = base.substring(0, base.offsetByCodePoints(base.length(), -1));
        }
        return base + suffix;
    }

    private static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    private static void syncDirectory(Path folder) {
        // Makes the new name survive a crash. Not every system can open a directory for this.
        try (FileChannel directory = FileChannel.open(folder, StandardOpenOption.READ)) {
            directory.force(true);
        } catch (IOException e) {
            log.debug("cannot sync directory {}: {}", Printable.escape(folder), Printable.escape(e));
        }
    }
}
