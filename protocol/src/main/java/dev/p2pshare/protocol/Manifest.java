package dev.p2pshare.protocol;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * What a file is made of: its size and the SHA-256 of each of its chunks. The file's id is the
 * SHA-256 of the size (8 bytes, big-endian) followed by the chunk hashes in order, so a manifest
 * received from anyone can be checked against the id it claims.
 *
 * <p>Chunks are {@value #CHUNK_SIZE} bytes each except the last, which holds the rest (a file of
 * size 0 has no chunks). A manifest keeps 32 bytes a chunk: 32 KiB for a 1 GiB file.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class Manifest {

    /** Bytes in every chunk but the last: 1 MiB. */
    public static final int CHUNK_SIZE = 1 << 20;

    /** Bytes in a SHA-256 hash. */
    public static final int HASH_BYTES = 32;

    private final long size;
    private final byte[] hashes;
    private final FileId id;

    private Manifest(long size, byte[] hashes) {
        this.size = size;
        this.hashes = hashes;
        this.id = computeId(size, hashes);
    }

    /**
     * A manifest from a size and the concatenated chunk hashes.
     *
     * @throws IllegalArgumentException if the size is out of range or the hashes do not number
     *     exactly one per chunk
     */
    public static Manifest of(long size, byte[] hashes) {
        int expected = hashBytes(size);
        if (hashes.length != expected) {
            throw new IllegalArgumentException("a file of " + size + " bytes has " + expected
                    + " bytes of chunk hashes, not " + hashes.length);
        }
        return new Manifest(size, hashes.clone());
    }

    /**
     * How many chunks a file of {@code size} bytes has.
     *
     * @throws IllegalArgumentException if {@code size} is negative or over {@link Limits#MAX_FILE_SIZE}
     */
    public static int chunkCount(long size) {
        if (size < 0 || size > Limits.MAX_FILE_SIZE) {
            throw new IllegalArgumentException("a file size is 0 to " + Limits.MAX_FILE_SIZE + " bytes, not " + size);
        }
        return (int) ((size + CHUNK_SIZE - 1) / CHUNK_SIZE);
    }

    /** How many bytes of chunk hashes a file of {@code size} bytes has. */
    public static int hashBytes(long size) {
        return chunkCount(size) * HASH_BYTES;
    }

    /** The length of chunk {@code index} of a file of {@code size} bytes. */
    public static int chunkLength(long size, int index) {
        int count = chunkCount(size);
        if (index < 0 || index >= count) {
            throw new IndexOutOfBoundsException("chunk " + index + " of a file with " + count + " chunks");
        }
        return index == count - 1 ? (int) (size - (long) index * CHUNK_SIZE) : CHUNK_SIZE;
    }

    /** A new SHA-256 digest. */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java runtime has no SHA-256", e);
        }
    }

    /** The file's size in bytes. */
    public long size() {
        return size;
    }

    /** The file's id, computed from the size and chunk hashes. */
    public FileId id() {
        return id;
    }

    /** How many chunks the file has. */
    public int chunkCount() {
        return hashes.length / HASH_BYTES;
    }

    /** Where chunk {@code index} starts in the file. */
    public long chunkOffset(int index) {
        checkIndex(index);
        return (long) index * CHUNK_SIZE;
    }

    /** The length of chunk {@code index}. */
    public int chunkLength(int index) {
        return chunkLength(size, index);
    }

    /** A copy of the SHA-256 of chunk {@code index}. */
    public byte[] chunkHash(int index) {
        checkIndex(index);
        return Arrays.copyOfRange(hashes, index * HASH_BYTES, (index + 1) * HASH_BYTES);
    }

    /**
     * Whether {@code length} bytes of {@code data} from {@code offset} are exactly chunk
     * {@code index}: the right length, and the right hash.
     */
    public boolean chunkMatches(int index, byte[] data, int offset, int length) {
        checkIndex(index);
        if (length != chunkLength(index)) {
            return false;
        }
        MessageDigest digest = sha256();
        digest.update(data, offset, length);
        return Arrays.equals(digest.digest(), 0, HASH_BYTES, hashes, index * HASH_BYTES, (index + 1) * HASH_BYTES);
    }

    /**
     * Whether the remaining bytes of {@code data} are exactly chunk {@code index}. The buffer's
     * position does not move.
     */
    public boolean chunkMatches(int index, ByteBuffer data) {
        checkIndex(index);
        if (data.remaining() != chunkLength(index)) {
            return false;
        }
        MessageDigest digest = sha256();
        digest.update(data.duplicate());
        return Arrays.equals(digest.digest(), 0, HASH_BYTES, hashes, index * HASH_BYTES, (index + 1) * HASH_BYTES);
    }

    /** The concatenated chunk hashes, as a read-only buffer: the payload of a {@code manifest} message. */
    public ByteBuffer hashes() {
        return ByteBuffer.wrap(hashes).asReadOnlyBuffer();
    }

    private void checkIndex(int index) {
        if (index < 0 || index >= chunkCount()) {
            throw new IndexOutOfBoundsException("chunk " + index + " of a file with " + chunkCount() + " chunks");
        }
    }

    private static FileId computeId(long size, byte[] hashes) {
        MessageDigest digest = sha256();
        digest.update(ByteBuffer.allocate(Long.BYTES).putLong(size).array());
        digest.update(hashes);
        return FileId.ofDigest(digest.digest());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Manifest that && id.equals(that.id);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "Manifest[" + id.shortHex() + ", " + size + " bytes, " + chunkCount() + " chunks]";
    }

    /**
     * Builds a manifest from a file's chunks, fed in order. Not thread-safe.
     */
    public static final class Builder {
        private final long size;
        private final byte[] hashes;
        private final MessageDigest digest = sha256();
        private int added;

        /** A builder for a file of {@code size} bytes. */
        public Builder(long size) {
            this.size = size;
            this.hashes = new byte[hashBytes(size)];
        }

        /**
         * Hashes the next chunk.
         *
         * @throws IllegalStateException if every chunk was already added
         * @throws IllegalArgumentException if {@code length} is not the next chunk's length
         */
        public Builder addChunk(byte[] data, int offset, int length) {
            int count = hashes.length / HASH_BYTES;
            if (added == count) {
                throw new IllegalStateException("all " + count + " chunks were already added");
            }
            int expected = chunkLength(size, added);
            if (length != expected) {
                throw new IllegalArgumentException("chunk " + added + " is " + expected + " bytes, not " + length);
            }
            digest.update(data, offset, length);
            try {
                digest.digest(hashes, added * HASH_BYTES, HASH_BYTES);
            } catch (java.security.DigestException e) {
                throw new IllegalStateException("SHA-256 refused a 32-byte output buffer", e);
            }
            added++;
            return this;
        }

        /**
         * The finished manifest.
         *
         * @throws IllegalStateException if chunks are missing
         */
        public Manifest build() {
            int count = hashes.length / HASH_BYTES;
            if (added != count) {
                throw new IllegalStateException("only " + added + " of " + count + " chunks were added");
            }
            return new Manifest(size, hashes);
        }
    }
}
