package dev.p2pshare.peer.folder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.p2pshare.protocol.Manifest;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The on-disk cache of manifests: round trip, when it writes, and what it does with a bad file. */
class HashCacheTest {

    private static final int MAGIC = 0x50325048;
    private static final long INODE = 4242;
    private static final long DEVICE = 7;

    private static final Manifest HELLO = Manifests.of("hello\n".getBytes(StandardCharsets.US_ASCII));

    @TempDir
    Path directory;

    private Path cacheFile() {
        return directory.resolve("hashes.bin");
    }

    @Test
    void savedEntriesLoadBackWithTheirExactHashes() throws IOException {
        byte[] hashes = new byte[3 * Manifest.HASH_BYTES];
        for (int i = 0; i < hashes.length; i++) {
            hashes[i] = (byte) i;
        }
        Manifest threeChunks = Manifest.of(3L * Manifest.CHUNK_SIZE - 1, hashes);
        Manifest empty = Manifests.of(new byte[0]);
        HashCache cache = HashCache.load(cacheFile());
        cache.put("hello.txt", stamp(6, 1_000_000_123L), HELLO);
        cache.put("东京/große datei.bin", stamp(threeChunks.size(), -5L), threeChunks);
        cache.put("empty", stamp(0, 7L), empty);
        cache.save();

        HashCache loaded = HashCache.load(cacheFile());

        assertThat(loaded.lookup("hello.txt", stamp(6, 1_000_000_123L))).contains(HELLO);
        Manifest reloaded = loaded.lookup("东京/große datei.bin", stamp(threeChunks.size(), -5L)).orElseThrow();
        assertThat(reloaded.id()).isEqualTo(threeChunks.id());
        assertThat(bytesOf(reloaded)).isEqualTo(hashes);
        assertThat(loaded.lookup("empty", stamp(0, 7L)).orElseThrow().id()).isEqualTo(empty.id());
    }

    @Test
    void lookupHitsOnlyWithTheSameSizeTimesInodeAndDevice() throws IOException {
        HashCache cache = HashCache.load(cacheFile());
        cache.put("hello.txt", stamp(6, 1000), HELLO);
        cache.save();

        HashCache loaded = HashCache.load(cacheFile());

        assertThat(loaded.lookup("hello.txt", stamp(6, 1000))).contains(HELLO);
        assertThat(loaded.lookup("hello.txt", stamp(7, 1000))).isEmpty();
        assertThat(loaded.lookup("hello.txt", stamp(6, 1001))).isEmpty();
        assertThat(loaded.lookup("other.txt", stamp(6, 1000))).isEmpty();
        // Rewritten with its modification time put back: the change time moved on.
        assertThat(loaded.lookup("hello.txt", new FileStamp(6, 1000, 5000, INODE, DEVICE))).isEmpty();
        // Another file moved into its place, with the same size and times.
        assertThat(loaded.lookup("hello.txt", new FileStamp(6, 1000, 1000, INODE + 1, DEVICE))).isEmpty();
        assertThat(loaded.lookup("hello.txt", new FileStamp(6, 1000, 1000, INODE, DEVICE + 1))).isEmpty();
    }

    @Test
    void missingFileLoadsAsAnEmptyCache() {
        HashCache cache = HashCache.load(cacheFile());

        assertThat(cache.lookup("hello.txt", stamp(6, 1000))).isEmpty();
        assertThat(cacheFile()).doesNotExist();
    }

    @Test
    void saveWithoutChangesDoesNotWrite() throws IOException {
        HashCache original = HashCache.load(cacheFile());
        original.put("hello.txt", stamp(6, 1000), HELLO);
        original.save();
        HashCache loaded = HashCache.load(cacheFile());
        byte[] garbage = "not a hash cache".getBytes(StandardCharsets.US_ASCII);
        Files.write(cacheFile(), garbage);

        loaded.save();
        loaded.put("hello.txt", stamp(6, 1000), HELLO);
        loaded.retainOnly(Set.of("hello.txt"));
        loaded.save();

        assertThat(cacheFile()).hasBinaryContent(garbage);
    }

    @Test
    void saveAfterAChangeWrites() throws IOException {
        HashCache original = HashCache.load(cacheFile());
        original.put("hello.txt", stamp(6, 1000), HELLO);
        original.save();
        HashCache loaded = HashCache.load(cacheFile());

        loaded.put("hello.txt", stamp(6, 1001), HELLO);
        loaded.save();

        HashCache reloaded = HashCache.load(cacheFile());
        assertThat(reloaded.lookup("hello.txt", stamp(6, 1001))).contains(HELLO);
        assertThat(reloaded.lookup("hello.txt", stamp(6, 1000))).isEmpty();
    }

    @Test
    void retainOnlyForgetsOtherPaths() throws IOException {
        HashCache cache = HashCache.load(cacheFile());
        cache.put("kept.txt", stamp(6, 1000), HELLO);
        cache.put("gone.txt", stamp(6, 1000), HELLO);
        cache.save();

        HashCache loaded = HashCache.load(cacheFile());
        loaded.retainOnly(Set.of("kept.txt"));
        loaded.save();

        HashCache reloaded = HashCache.load(cacheFile());
        assertThat(reloaded.lookup("kept.txt", stamp(6, 1000))).contains(HELLO);
        assertThat(reloaded.lookup("gone.txt", stamp(6, 1000))).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("damagedFiles")
    void damagedFileLoadsAsAnEmptyCache(String damage, byte[] content) throws IOException {
        Files.write(cacheFile(), content);

        assertThat(HashCache.load(cacheFile()).lookup("hello.txt", stamp(6, 1000))).isEmpty();
    }

    static Stream<Arguments> damagedFiles() throws IOException {
        byte[] wrongMagic = validFile();
        wrongMagic[0] ^= 0x20;
        byte[] otherVersion = validFile();
        otherVersion[7] = 1;
        byte[] noise = new byte[4096];
        new Random(7).nextBytes(noise);
        return Stream.of(
                Arguments.of("empty", new byte[0]),
                Arguments.of("wrong magic", wrongMagic),
                Arguments.of("other version", otherVersion),
                Arguments.of("random bytes", noise),
                Arguments.of("negative entry count", header(-1)),
                Arguments.of("more entries than the file holds", header(Integer.MAX_VALUE)),
                Arguments.of("negative size", file("hello.txt", -6, 1000, new byte[0])),
                Arguments.of("size over the protocol's limit", file("hello.txt", Long.MAX_VALUE, 1000, new byte[0])),
                Arguments.of("hashes cut short", file("hello.txt", 6, 1000, new byte[Manifest.HASH_BYTES - 1])));
    }

    @Test
    void fileCutAnywhereLoadsAsAnEmptyCache() throws IOException {
        byte[] valid = validFile();
        for (int length = 0; length < valid.length; length++) {
            Files.write(cacheFile(), Arrays.copyOf(valid, length));

            assertThat(HashCache.load(cacheFile()).lookup("hello.txt", stamp(6, 1000)))
                    .as("the first %d of %d bytes", length, valid.length)
                    .isEmpty();
        }
    }

    @Test
    void savedFileHasTheDocumentedFormat() throws IOException {
        HashCache cache = HashCache.load(cacheFile());
        cache.put("hello.txt", stamp(6, 1000), HELLO);
        cache.save();

        assertThat(cacheFile()).hasBinaryContent(validFile());
    }

    @Test
    void fileWrittenByHandInTheDocumentedFormatLoads() throws IOException {
        Files.write(cacheFile(), validFile());

        assertThat(HashCache.load(cacheFile()).lookup("hello.txt", stamp(6, 1000))).contains(HELLO);
    }

    @Test
    void saveLeavesNoTemporaryFileBehind() throws IOException {
        HashCache cache = HashCache.load(cacheFile());
        cache.put("hello.txt", stamp(6, 1000), HELLO);
        cache.save();
        cache.put("hello.txt", stamp(6, 2000), HELLO);
        cache.save();

        assertThat(filesIn(directory)).containsExactly("hashes.bin");
    }

    @Test
    void failedSaveLeavesNoTemporaryFileAndIsTriedAgain() throws IOException {
        // A non-empty directory where the cache file belongs makes the final rename fail.
        Files.createDirectories(cacheFile().resolve("blocker"));
        HashCache cache = HashCache.load(cacheFile());
        cache.put("hello.txt", stamp(6, 1000), HELLO);

        assertThatThrownBy(cache::save).isInstanceOf(IOException.class);
        assertThat(filesIn(directory)).containsExactly("hashes.bin");

        Files.delete(cacheFile().resolve("blocker"));
        Files.delete(cacheFile());
        cache.save();
        assertThat(HashCache.load(cacheFile()).lookup("hello.txt", stamp(6, 1000))).contains(HELLO);
    }

    /** The stamp of a file of {@code size} bytes last modified and changed at {@code nanos}. */
    private static FileStamp stamp(long size, long nanos) {
        return new FileStamp(size, nanos, nanos, INODE, DEVICE);
    }

    /** A cache file holding {@code hello.txt}, 6 bytes, modified and changed at 1000 ns, in the documented format. */
    private static byte[] validFile() throws IOException {
        return file("hello.txt", 6, 1000, bytesOf(HELLO));
    }

    private static byte[] header(int count) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(MAGIC);
        out.writeInt(2);
        out.writeInt(count);
        return bytes.toByteArray();
    }

    private static byte[] file(String path, long size, long modifiedNanos, byte[] hashes) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(header(1));
        out.writeUTF(path);
        out.writeLong(size);
        out.writeLong(modifiedNanos);
        out.writeLong(modifiedNanos);
        out.writeLong(INODE);
        out.writeLong(DEVICE);
        out.write(hashes);
        return bytes.toByteArray();
    }

    private static byte[] bytesOf(Manifest manifest) {
        byte[] bytes = new byte[manifest.hashes().remaining()];
        manifest.hashes().get(bytes);
        return bytes;
    }

    private static List<String> filesIn(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString()).toList();
        }
    }
}
