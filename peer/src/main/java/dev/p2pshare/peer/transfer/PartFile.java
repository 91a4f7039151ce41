package dev.p2pshare.peer.transfer;

import dev.p2pshare.peer.folder.StateDirectory;
import dev.p2pshare.protocol.Bitfields;
import dev.p2pshare.protocol.FileId;
import dev.p2pshare.protocol.FileNames;
import dev.p2pshare.protocol.Manifest;
import dev.p2pshare.protocol.Printable;
import dev.p2pshare.protocol.ProtocolException;
import dev.p2pshare.protocol.storage.DurableWrite;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A download in progress, on disk: the part file verified chunks are written to, the file's
 * verified manifest, and the record of which chunks are in the part file. All three live in
 * {@code .p2pshare/downloads/} as {@code ID.part}, {@code ID.manifest} and {@code ID.state}, so
 * that a download survives its peer being killed and continues when the peer starts again.
 *
 * <p>The state names two sets of chunks: those verified and written ({@link #checkpoint}), and
 * among them those known to be on disk because the part file was forced after they were written
 * ({@link #sync}). On {@link #resume}, chunks of the second set are trusted; those only in the first
 * are hashed again, so a power cut cannot make a chunk count that never reached the disk. The state
 * is recorded a few times a second ({@code DownloadJob} says how often): chunks verified after the
 * last record, when the process is killed, are not counted and are fetched again. The manifest and
 * state are replaced with {@link DurableWrite}, never half-written.
 *
 * <p>What keeps unverified bytes out of the folder: each chunk is verified in memory before it is
 * written, at its place, through this object's channel; nothing else writes to the file, because
 * one process holds the shared folder ({@code FolderLock}), that process runs one download per file,
 * and a part file is always created new, never truncated or reused while open; before the file is
 * placed, {@link #finish} checks that the path still names the very file written to, with the
 * file's size. The finished file is not hashed once more: that would cost as much CPU again as the
 * verification on arrival (hashing is what bounds a download here), to guard against a disk that
 * returns other bytes than it was given, which is the file system's business.
 *
 * <p>Thread-safe: several sources may write different chunks at once; readers may serve the
 * chunks already there.
 */
public final class PartFile implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(PartFile.class);
    private static final int MANIFEST_MAGIC = 0x5032504D;
    private static final int STATE_MAGIC = 0x50325053;
    private static final int VERSION = 1;

    private final StateDirectory state;
    private final Manifest manifest;
    private final String name;
    private final FileChannel channel;
    /** The identity of the file written to (device and inode where the system has them), or null where it has none. */
    private final Object fileKey;
    private final BitSet have;
    private BitSet durable;

    private PartFile(StateDirectory state, Manifest manifest, String name, FileChannel channel, Object fileKey,
            BitSet have, BitSet durable) {
        this.state = state;
        this.manifest = manifest;
        this.name = name;
        this.channel = channel;
        this.fileKey = fileKey;
        this.have = have;
        this.durable = durable;
    }

    /** Starts a new download of the file {@code manifest} describes, to be saved as {@code name}. */
    static PartFile create(StateDirectory state, Manifest manifest, String name) throws IOException {
        FileNames.require(name);
        FileId id = manifest.id();
        DurableWrite.replace(state.manifestFile(id), out -> {
            out.writeInt(MANIFEST_MAGIC);
            out.writeInt(VERSION);
            out.writeLong(manifest.size());
            ByteBuffer hashes = manifest.hashes();
            byte[] bytes = new byte[hashes.remaining()];
            hashes.get(bytes);
            out.write(bytes);
        });
        // A new file, never one that exists: truncating a part file that something still writes to
        // is how zeros once reached a finished file.
        FileChannel channel = FileChannel.open(state.partFile(id), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.READ, StandardOpenOption.WRITE);
        PartFile part = new PartFile(state, manifest, name, channel, fileKey(state.partFile(id)), new BitSet(),
                new BitSet());
        part.checkpoint();
        return part;
    }

    /**
     * The unfinished download of file {@code id}, as a crash or a pause left it, with the chunks
     * that were not yet known to be on disk checked again. Empty if there is none, or if what is
     * left cannot be trusted (then it is deleted, and the download starts over).
     */
    static Optional<PartFile> resume(StateDirectory state, FileId id) throws IOException {
        Path partPath = state.partFile(id);
        if (!Files.exists(state.stateFile(id)) || !Files.exists(partPath)) {
            deleteAll(state, id);
            return Optional.empty();
        }
        Manifest manifest;
        String name;
        BitSet have;
        BitSet durable;
        try {
            manifest = readManifest(state.manifestFile(id));
            if (!manifest.id().equals(id)) {
                throw new IOException("the manifest is not that of " + id.shortHex());
            }
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(
                    Files.newInputStream(state.stateFile(id))))) {
                if (in.readInt() != STATE_MAGIC || in.readInt() != VERSION) {
                    throw new IOException("not a download state of this version");
                }
                name = FileNames.require(in.readUTF());
                durable = readBitfield(in, manifest.size());
                have = readBitfield(in, manifest.size());
            }
        } catch (IOException | IllegalArgumentException e) {
            log.warn("cannot resume the download of {} ({}); starting it over", id.shortHex(), Printable.escape(e));
            deleteAll(state, id);
            return Optional.empty();
        }
        FileChannel channel = FileChannel.open(partPath, StandardOpenOption.READ, StandardOpenOption.WRITE);
        PartFile part = new PartFile(state, manifest, name, channel, fileKey(partPath), have, durable);
        part.recheckUnsynced();
        return Optional.of(part);
    }

    /** The ids of the unfinished downloads in {@code state}. */
    static List<FileId> unfinished(StateDirectory state) throws IOException {
        List<FileId> ids = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(state.downloads(), "*.state")) {
            for (Path file : files) {
                String hex = file.getFileName().toString().replace(".state", "");
                if (FileId.isPrefix(hex) && hex.length() == 64) {
                    ids.add(FileId.of(hex));
                }
            }
        }
        return ids;
    }

    public FileId id() {
        return manifest.id();
    }

    public Manifest manifest() {
        return manifest;
    }

    /** The name the finished file is saved under. */
    public String name() {
        return name;
    }

    /** The part file, for reading chunks already written. */
    public Path path() {
        return state.partFile(id());
    }

    public synchronized boolean has(int index) {
        return have.get(index);
    }

    /** A copy of the set of chunks verified and written. */
    public synchronized BitSet have() {
        return (BitSet) have.clone();
    }

    public synchronized int chunksHave() {
        return have.cardinality();
    }

    public synchronized boolean complete() {
        return have.cardinality() == manifest.chunkCount();
    }

    /** The bytes verified and written so far. */
    public synchronized long bytesHave() {
        long bytes = 0;
        for (int i = have.nextSetBit(0); i >= 0; i = have.nextSetBit(i + 1)) {
            bytes += manifest.chunkLength(i);
        }
        return bytes;
    }

    /**
     * Writes chunk {@code index}, already verified: the remaining bytes of {@code data}, whose
     * position does not move. Counts it as had. Chunks may be written concurrently from several
     * threads.
     */
    void write(int index, ByteBuffer data) throws IOException {
        if (data.remaining() != manifest.chunkLength(index)) {
            throw new IllegalArgumentException("chunk " + index + " is " + manifest.chunkLength(index) + " bytes, not "
                    + data.remaining());
        }
        ByteBuffer chunk = data.duplicate();
        long offset = manifest.chunkOffset(index);
        while (chunk.hasRemaining()) {
            channel.write(chunk, offset + chunk.position());
        }
        synchronized (this) {
            have.set(index);
        }
    }

    /** Records which chunks are written, durably, without forcing the part file. */
    void checkpoint() throws IOException {
        BitSet haveNow;
        BitSet durableNow;
        synchronized (this) {
            haveNow = (BitSet) have.clone();
            durableNow = (BitSet) durable.clone();
        }
        DurableWrite.replace(state.stateFile(id()), out -> {
            out.writeInt(STATE_MAGIC);
            out.writeInt(VERSION);
            out.writeUTF(name);
            out.write(Bitfields.encode(durableNow, manifest.size()));
            out.write(Bitfields.encode(haveNow, manifest.size()));
        });
    }

    /** Forces the part file to disk, so that every chunk written before counts as durable, and records it. */
    void sync() throws IOException {
        BitSet written = have();
        channel.force(false);
        synchronized (this) {
            durable = written;
        }
        checkpoint();
    }

    /**
     * Forces the complete part file to disk and closes it, ready to be moved into the folder.
     * Call {@link #forget} once it is there.
     *
     * @throws IllegalStateException if chunks are missing
     */
    Path finish() throws IOException {
        if (!complete()) {
            throw new IllegalStateException((manifest.chunkCount() - chunksHave()) + " chunks are still missing");
        }
        channel.force(true);
        channel.close();
        if (fileKey != null && !fileKey.equals(fileKey(path()))) {
            throw new IOException("the part file " + path() + " was replaced while the download ran; its chunks were"
                    + " not all written by this peer, so it is not used");
        }
        if (Files.size(path()) != manifest.size()) {
            throw new IOException("the part file has " + Files.size(path()) + " bytes, not " + manifest.size());
        }
        return path();
    }

    private static Object fileKey(Path file) throws IOException {
        return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
    }

    /** Deletes the download's manifest and state, once its file has been moved into the folder. */
    void forget() throws IOException {
        Files.deleteIfExists(state.stateFile(id()));
        Files.deleteIfExists(state.manifestFile(id()));
    }

    /** Closes the part file and deletes everything the download kept. */
    void discard() throws IOException {
        channel.close();
        deleteAll(state, id());
    }

    /** Records the state and closes the part file; the download can be resumed later. */
    @Override
    public void close() throws IOException {
        if (!channel.isOpen()) {
            return;
        }
        try {
            checkpoint();
        } finally {
            channel.close();
        }
    }

    /** Hashes again the chunks recorded as written but not known to be on disk, and drops any that fail. */
    private void recheckUnsynced() throws IOException {
        BitSet unsure = have();
        unsure.andNot(durable);
        byte[] buffer = new byte[Manifest.CHUNK_SIZE];
        int dropped = 0;
        for (int i = unsure.nextSetBit(0); i >= 0; i = unsure.nextSetBit(i + 1)) {
            int length = manifest.chunkLength(i);
            ByteBuffer target = ByteBuffer.wrap(buffer, 0, length);
            long offset = manifest.chunkOffset(i);
            while (target.hasRemaining() && channel.read(target, offset + target.position()) >= 0) {
                continue;
            }
            if (target.hasRemaining() || !manifest.chunkMatches(i, buffer, 0, length)) {
                synchronized (this) {
                    have.clear(i);
                }
                dropped++;
            }
        }
        if (dropped > 0) {
            log.warn("{} of the chunks of {} recorded before a crash did not reach the disk; fetching them again",
                    dropped, name);
        }
        synchronized (this) {
            durable = (BitSet) have.clone();
        }
        checkpoint();
    }

    private static Manifest readManifest(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            if (in.readInt() != MANIFEST_MAGIC || in.readInt() != VERSION) {
                throw new IOException("not a manifest of this version");
            }
            long size = in.readLong();
            byte[] hashes = new byte[Manifest.hashBytes(size)];
            in.readFully(hashes);
            return Manifest.of(size, hashes);
        } catch (NoSuchFileException e) {
            throw new IOException("the manifest is missing", e);
        }
    }

    private static BitSet readBitfield(DataInputStream in, long size) throws IOException {
        byte[] bytes = new byte[Bitfields.bytesFor(size)];
        in.readFully(bytes);
        try {
            return Bitfields.decode(bytes, size);
        } catch (ProtocolException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static void deleteAll(StateDirectory state, FileId id) throws IOException {
        Files.deleteIfExists(state.partFile(id));
        Files.deleteIfExists(state.stateFile(id));
        Files.deleteIfExists(state.manifestFile(id));
    }

    @Override
    public String toString() {
        return "'" + name + "' (" + id().shortHex() + ")";
    }
}
