package dev.p2pshare.peer.folder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.p2pshare.protocol.Manifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Manifests of files on disk, and the copy that hashes what it writes. */
class FileHasherTest {

    private static final String EMPTY_FILE_ID = "af5570f5a1810b7af78caf4bc70a660f0df51e42baf91d4de5b2328de0e83dfc";

    @TempDir
    Path directory;

    private final FileHasher hasher = new FileHasher();

    @Test
    void hashIsTheManifestOfTheFilesBytes() throws IOException {
        byte[] content = randomBytes(2 * Manifest.CHUNK_SIZE + 17);
        Path file = Files.write(directory.resolve("data.bin"), content);

        Manifest manifest = hasher.hash(file, bytes -> { });

        Manifest expected = Manifests.of(content);
        assertThat(manifest.id()).isEqualTo(expected.id());
        assertThat(manifest.size()).isEqualTo(content.length);
        assertThat(manifest.chunkCount()).isEqualTo(3);
        for (int index = 0; index < 3; index++) {
            assertThat(manifest.chunkHash(index)).isEqualTo(expected.chunkHash(index));
        }
    }

    @Test
    void hashReportsEachChunkAndTheReportsSumToTheSize() throws IOException {
        byte[] content = randomBytes(2 * Manifest.CHUNK_SIZE + 17);
        Path file = Files.write(directory.resolve("data.bin"), content);
        List<Long> progress = new ArrayList<>();

        hasher.hash(file, progress::add);

        assertThat(progress).containsExactly((long) Manifest.CHUNK_SIZE, (long) Manifest.CHUNK_SIZE, 17L);
        assertThat(progress.stream().mapToLong(Long::longValue).sum()).isEqualTo(content.length);
    }

    @Test
    void oneHasherHashesFilesOneAfterAnother() throws IOException {
        byte[] first = randomBytes(Manifest.CHUNK_SIZE + 1);
        byte[] second = new byte[100];
        Path firstFile = Files.write(directory.resolve("first.bin"), first);
        Path secondFile = Files.write(directory.resolve("second.bin"), second);

        assertThat(hasher.hash(firstFile, bytes -> { }).id()).isEqualTo(Manifests.of(first).id());
        assertThat(hasher.hash(secondFile, bytes -> { }).id()).isEqualTo(Manifests.of(second).id());
    }

    @Test
    void emptyFileHasTheIdOfNothingAndNoProgress() throws IOException {
        Path file = Files.write(directory.resolve("empty"), new byte[0]);
        List<Long> progress = new ArrayList<>();

        Manifest manifest = hasher.hash(file, progress::add);

        assertThat(manifest.size()).isZero();
        assertThat(manifest.chunkCount()).isZero();
        assertThat(manifest.id().hex()).isEqualTo(EMPTY_FILE_ID);
        assertThat(progress).isEmpty();
    }

    @Test
    void missingFileCannotBeHashed() {
        assertThatThrownBy(() -> hasher.hash(directory.resolve("missing"), bytes -> { }))
                .isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void copyWritesExactlyTheSourceBytesAndReturnsTheirManifest() throws IOException {
        byte[] content = randomBytes(Manifest.CHUNK_SIZE + 4321);
        Path source = Files.write(directory.resolve("source.bin"), content);
        // Longer than the source: the copy must not leave its tail behind.
        Path target = Files.write(directory.resolve("target.bin"), randomBytes(3 * Manifest.CHUNK_SIZE));
        List<Long> progress = new ArrayList<>();

        Manifest manifest = hasher.copy(source, target, progress::add);

        assertThat(target).hasBinaryContent(content);
        assertThat(source).hasBinaryContent(content);
        assertThat(manifest.id()).isEqualTo(Manifests.of(content).id());
        assertThat(manifest.id()).isEqualTo(hasher.hash(source, bytes -> { }).id());
        assertThat(progress).containsExactly((long) Manifest.CHUNK_SIZE, 4321L);
    }

    @Test
    void copyOfAnEmptyFileEmptiesTheTarget() throws IOException {
        Path source = Files.write(directory.resolve("empty"), new byte[0]);
        Path target = Files.writeString(directory.resolve("target"), "old content");

        Manifest manifest = hasher.copy(source, target, bytes -> { });

        assertThat(target).isEmptyFile();
        assertThat(manifest.id().hex()).isEqualTo(EMPTY_FILE_ID);
    }

    @Test
    void copyNeedsAnExistingTarget() throws IOException {
        Path source = Files.writeString(directory.resolve("source"), "content");

        assertThatThrownBy(() -> hasher.copy(source, directory.resolve("missing"), bytes -> { }))
                .isInstanceOf(NoSuchFileException.class);
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        new Random(length).nextBytes(bytes);
        return bytes;
    }
}
