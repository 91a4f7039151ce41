package dev.p2pshare.peer.folder;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The claim of one process on a shared folder: an operating-system lock on
 * {@code FOLDER/.p2pshare/lock}, held from before anything else in the state folder is read or
 * written until the peer closes. Two peers on one folder would share one identity, knock each
 * other off the tracker, and write the same part files; the second one is refused instead.
 *
 * <p>The operating system releases the lock when the process ends, however it ends, so a lock file
 * left by a killed peer is simply taken over. The file holds the owner's process id, for the
 * message the next one gets. Close it once, when the peer stops.
 */
public final class FolderLock implements Closeable {

    /** The lock file's name in the state folder. */
    public static final String FILE_NAME = "lock";

    private final FileChannel channel;
    private final FileLock lock;

    private FolderLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the folder of {@code state} for this process.
     *
     * @throws FolderInUseException if another process, or another peer of this one, holds it
     */
    public static FolderLock acquire(StateDirectory state) throws IOException {
        Path file = state.root().resolve(FILE_NAME);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            channel.close();
            throw new FolderInUseException(state.folder(), Optional.of(ProcessHandle.current().pid()));
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            Optional<Long> owner = owner(file);
            channel.close();
            throw new FolderInUseException(state.folder(), owner);
        }
        try {
            byte[] pid = (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(pid), 0);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        return new FolderLock(channel, lock);
    }

    private static Optional<Long> owner(Path file) {
        try {
            return Optional.of(Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).strip()));
        } catch (IOException | NumberFormatException e) {
            // The owner has not written its pid yet, or the file cannot be read: the message goes without it.
            return Optional.empty();
        }
    }

    /**
     * Releases the folder; closing again does nothing (a peer is closed once by its shell and
     * once more by the shutdown hook of its process).
     */
    @Override
    public synchronized void close() throws IOException {
        if (!channel.isOpen()) {
            return;
        }
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }

    /** The folder is held by another peer. */
    public static final class FolderInUseException extends IOException {

        private static final long serialVersionUID = 1L;

        FolderInUseException(Path folder, Optional<Long> pid) {
            super("another peer is already running on " + folder
                    + pid.map(owner -> " (process " + owner + ")").orElse("")
                    + ": stop it first, or start this one on another folder");
        }
    }
}
