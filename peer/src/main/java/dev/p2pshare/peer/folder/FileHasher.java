package dev.p2pshare.peer.folder;

import dev.p2pshare.protocol.Manifest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.LongConsumer;

/**
 * Computes manifests of files on disk, one chunk at a time, so memory use does not grow with file
 * size. Not thread-safe: it reuses one chunk buffer; give each thread its own hasher.
 */
public final class FileHasher {

    private final byte[] buffer = new byte[Manifest.CHUNK_SIZE];

    /**
     * The manifest of {@code file}.
     *
     * @param hashedBytes told how many bytes each chunk added, for progress
     * @throws IOException if the file cannot be read, or changes size while it is read
     */
    public Manifest hash(Path file, LongConsumer hashedBytes) throws IOException {
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            return hash(in, null, hashedBytes, file);
        }
    }

    /**
     * Copies {@code source} to {@code target} (which must exist, and is overwritten) and returns
     * the manifest of the bytes written, reading the source once. The target is forced to disk.
     */
    public Manifest copy(Path source, Path target, LongConsumer copiedBytes) throws IOException {
        try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ);
                FileChannel out = FileChannel.open(target, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
            Manifest manifest = hash(in, out, copiedBytes, source);
            out.force(true);
            return manifest;
        }
    }

    private Manifest hash(FileChannel in, FileChannel out, LongConsumer progress, Path file) throws IOException {
        long size = in.size();
        Manifest.Builder builder;
        try {
            builder = new Manifest.Builder(size);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " is too large to share: " + e.getMessage(), e);
        }
        int chunks = Manifest.chunkCount(size);
        for (int index = 0; index < chunks; index++) {
            int length = Manifest.chunkLength(size, index);
            ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, length);
            while (chunk.hasRemaining()) {
                if (in.read(chunk) < 0) {
                    throw new IOException(file + " shrank while it was read");
                }
            }
            builder.addChunk(buffer, 0, length);
            if (out != null) {
                chunk.flip();
                while (chunk.hasRemaining()) {
                    out.write(chunk);
                }
            }
            progress.accept(length);
        }
        if (in.read(ByteBuffer.wrap(buffer, 0, 1)) > 0) {
            throw new IOException(file + " grew while it was read");
        }
        return builder.build();
    }
}
