package dev.p2pshare.peer.folder;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What tells whether a file's bytes may have changed since it was hashed, without reading them:
 * its size, its modification time, its change time, and which file it is (inode and device).
 *
 * <p>Any program can set a file's modification time back after rewriting it ({@code touch -d});
 * none can set its change time, which the system moves on every write and every change of the
 * times themselves. Where the platform offers no {@code unix} attribute view, the change time is
 * the modification time and inode and device are 0: a file rewritten with its time put back then
 * goes unnoticed, as on systems that keep no change time.
 *
 * @param size bytes
 * @param modifiedNanos the modification time, in nanoseconds since the epoch
 * @param changedNanos the change time (status change), in nanoseconds since the epoch
 */
public record FileStamp(long size, long modifiedNanos, long changedNanos, long inode, long device) {

    private static final boolean UNIX_VIEW = FileSystems.getDefault().supportedFileAttributeViews().contains("unix");
    private static final String UNIX_ATTRIBUTES = "unix:size,lastModifiedTime,ctime,ino,dev";

    /** The stamp of {@code file} now, not following a symbolic link. */
    public static FileStamp of(Path file) throws IOException {
        if (!UNIX_VIEW) {
            BasicFileAttributes basic = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            long modified = basic.lastModifiedTime().to(TimeUnit.NANOSECONDS);
            return new FileStamp(basic.size(), modified, modified, 0, 0);
        }
        Map<String, Object> unix = Files.readAttributes(file, UNIX_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        return new FileStamp((Long) unix.get("size"), nanos(unix.get("lastModifiedTime")), nanos(unix.get("ctime")),
                (Long) unix.get("ino"), (Long) unix.get("dev"));
    }

    /** Whether {@code file} still has this stamp; false if it cannot be read. */
    public boolean matches(Path file) {
        try {
            return equals(of(file));
        } catch (IOException e) {
            // Gone or unreadable: not the file that was hashed, as far as serving it goes.
            return false;
        }
    }

    /** When the file last changed in any way: the later of its modification and change times. */
    public long lastChangeNanos() {
        return Math.max(modifiedNanos, changedNanos);
    }

    private static long nanos(Object time) {
        return ((FileTime) time).to(TimeUnit.NANOSECONDS);
    }
}
