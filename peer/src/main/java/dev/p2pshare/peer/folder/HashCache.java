package dev.p2pshare.peer.folder;

import dev.p2pshare.protocol.Manifest;
import dev.p2pshare.protocol.Printable;
import dev.p2pshare.protocol.storage.DurableWrite;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The manifests of shared files, kept on disk so that a restart does not hash again. An entry is
 * used only while the file keeps the {@link FileStamp} it had when it was hashed: size, times,
 * inode and device.
 *
 * <p>The file is binary: the magic {@code P2PH}, a version, an entry count, then per entry the
 * relative path (modified UTF-8), size, modification and change times in nanoseconds, inode,
 * device, and chunk hashes. A cache of an earlier version is ignored, and every file hashed again.
 * It is replaced atomically on save; a damaged or foreign file is ignored (everything is hashed
 * again). Thread-safe; no I/O under its lock.
 */
public final class HashCache {

    private static final Logger log = LoggerFactory.getLogger(HashCache.class);
    private static final int MAGIC = 0x50325048;
    private static final int VERSION = 2;

    private record Entry(FileStamp stamp, Manifest manifest) {
    }

    private final Path file;
    private final Map<String, Entry> entries;
    private boolean dirty;

    private HashCache(Path file, Map<String, Entry> entries) {
        this.file = file;
        this.entries = entries;
    }

    /** The cache stored in {@code file}, or an empty one if there is none or it cannot be read. */
    public static HashCache load(Path file) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            return new HashCache(file, read(in));
        } catch (NoSuchFileException e) {
            return new HashCache(file, new HashMap<>());
        } catch (IOException | IllegalArgumentException e) {
            log.warn("ignoring the hash cache {} ({}); every file will be hashed again", Printable.escape(file),
                    Printable.escape(e));
            return new HashCache(file, new HashMap<>());
        }
    }

    private static Map<String, Entry> read(DataInputStream in) throws IOException {
        if (in.readInt() != MAGIC || in.readInt() != VERSION) {
            throw new IOException("not a hash cache of this version");
        }
        int count = in.readInt();
        if (count < 0) {
            throw new IOException("negative entry count");
        }
        Map<String, Entry> entries = new HashMap<>();
        for (int i = 0; i < count; i++) {
            String path = in.readUTF();
            FileStamp stamp = new FileStamp(in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readLong());
            byte[] hashes = new byte[Manifest.hashBytes(stamp.size())];
            in.readFully(hashes);
            entries.put(path, new Entry(stamp, Manifest.of(stamp.size(), hashes)));
        }
        return entries;
    }

    /** The manifest cached for {@code relativePath}, if the file still has the stamp {@code now}. */
    public synchronized Optional<Manifest> lookup(String relativePath, FileStamp now) {
        Entry entry = entries.get(relativePath);
        if (entry == null || !entry.stamp().equals(now)) {
            return Optional.empty();
        }
        return Optional.of(entry.manifest());
    }

    /** Records the manifest of the file at {@code relativePath}, hashed when it had {@code stamp}. */
    public synchronized void put(String relativePath, FileStamp stamp, Manifest manifest) {
        Entry entry = new Entry(stamp, manifest);
        dirty |= !entry.equals(entries.put(relativePath, entry));
    }

    /** Forgets every path not in {@code present}. */
    public synchronized void retainOnly(Set<String> present) {
        dirty |= entries.keySet().retainAll(present);
    }

    /** Writes the cache if it changed since it was loaded or saved: temp file, fsync, atomic rename. */
    public void save() throws IOException {
        Map<String, Entry> snapshot;
        synchronized (this) {
            if (!dirty) {
                return;
            }
            snapshot = Map.copyOf(entries);
            dirty = false;
        }
        try {
            DurableWrite.replace(file, out -> write(snapshot, out));
        } catch (IOException e) {
            synchronized (this) {
                dirty = true;
            }
            throw e;
        }
    }

    private static void write(Map<String, Entry> snapshot, DataOutputStream out) throws IOException {
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        out.writeInt(snapshot.size());
        for (Map.Entry<String, Entry> each : snapshot.entrySet()) {
            Entry entry = each.getValue();
            FileStamp stamp = entry.stamp();
            out.writeUTF(each.getKey());
            out.writeLong(stamp.size());
            out.writeLong(stamp.modifiedNanos());
            out.writeLong(stamp.changedNanos());
            out.writeLong(stamp.inode());
            out.writeLong(stamp.device());
            var hashes = entry.manifest().hashes();
            byte[] bytes = new byte[hashes.remaining()];
            hashes.get(bytes);
            out.write(bytes);
        }
    }
}
