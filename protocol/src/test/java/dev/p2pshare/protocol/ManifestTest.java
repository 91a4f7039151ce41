package dev.p2pshare.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Chunking and file ids, against values computed independently (sha256sum and a few lines of Python). */
class ManifestTest {

    private static Manifest manifestOf(byte[] content) {
        Manifest.Builder builder = new Manifest.Builder(content.length);
        for (int index = 0; index < Manifest.chunkCount(content.length); index++) {
            int length = Manifest.chunkLength(content.length, index);
            builder.addChunk(content, index * Manifest.CHUNK_SIZE, length);
        }
        return builder.build();
    }

    @Test
    void emptyFileHasNoChunksAndAKnownId() {
        Manifest empty = manifestOf(new byte[0]);
        assertThat(empty.chunkCount()).isZero();
        assertThat(empty.id().hex()).isEqualTo("af5570f5a1810b7af78caf4bc70a660f0df51e42baf91d4de5b2328de0e83dfc");
    }

    @Test
    void smallFileIdHashesTheSizeAndTheOneChunkHash() {
        Manifest hello = manifestOf("hello\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(hello.chunkHash(0)).isEqualTo(java.util.HexFormat.of()
                .parseHex("5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03"));
        assertThat(hello.id().hex()).isEqualTo("46720e88f936d133da42bc02170ddd268966d986f7f76115dc08751e33a78ecb");
    }

    @Test
    void fileOneByteOverAChunkHasAShortLastChunk() {
        byte[] content = new byte[Manifest.CHUNK_SIZE + 1];
        content[Manifest.CHUNK_SIZE] = 'x';
        Manifest manifest = manifestOf(content);
        assertThat(manifest.chunkCount()).isEqualTo(2);
        assertThat(manifest.chunkLength(0)).isEqualTo(Manifest.CHUNK_SIZE);
        assertThat(manifest.chunkLength(1)).isEqualTo(1);
        assertThat(manifest.chunkOffset(1)).isEqualTo(Manifest.CHUNK_SIZE);
        assertThat(manifest.id().hex()).isEqualTo("2d907d00e3e0b7b1d50045df3d2f7f67c4f46363d93121362b381c55034a0802");
    }

    @Test
    void chunkCountsAtTheEdges() {
        assertThat(Manifest.chunkCount(1)).isEqualTo(1);
        assertThat(Manifest.chunkCount(Manifest.CHUNK_SIZE)).isEqualTo(1);
        assertThat(Manifest.chunkCount(10L << 30)).isEqualTo(10_240);
        assertThat(Manifest.chunkCount(Limits.MAX_FILE_SIZE)).isEqualTo(1 << 20);
        assertThatThrownBy(() -> Manifest.chunkCount(Limits.MAX_FILE_SIZE + 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Manifest.chunkCount(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tenGibibyteManifestIsSmall() {
        assertThat(Manifest.hashBytes(10L << 30)).isEqualTo(320 * 1024);
    }

    @Test
    void chunkMatchesOnlyTheRightBytes() {
        byte[] content = "hello\n".getBytes(StandardCharsets.US_ASCII);
        Manifest manifest = manifestOf(content);
        assertThat(manifest.chunkMatches(0, content, 0, content.length)).isTrue();
        byte[] tampered = content.clone();
        tampered[0] ^= 1;
        assertThat(manifest.chunkMatches(0, tampered, 0, tampered.length)).isFalse();
        assertThat(manifest.chunkMatches(0, content, 0, content.length - 1)).isFalse();
    }

    @Test
    void chunkMatchesADirectBufferWithoutMovingIt() {
        byte[] content = "hello\n".getBytes(StandardCharsets.US_ASCII);
        Manifest manifest = manifestOf(content);
        ByteBuffer direct = ByteBuffer.allocateDirect(16).put((byte) 'x').put(content).flip().position(1);
        assertThat(manifest.chunkMatches(0, direct)).isTrue();
        assertThat(direct.position()).isEqualTo(1);
        assertThat(manifest.chunkMatches(0, direct.duplicate().limit(direct.limit() - 1))).isFalse();
        direct.put(2, (byte) 'E');
        assertThat(manifest.chunkMatches(0, direct)).isFalse();
    }

    @Test
    void manifestFromHashesHasTheSameIdAsTheBuiltOne() {
        Manifest built = manifestOf("hello\n".getBytes(StandardCharsets.US_ASCII));
        byte[] hashes = new byte[Manifest.HASH_BYTES];
        built.hashes().get(hashes);
        assertThat(Manifest.of(6, hashes)).isEqualTo(built);
        assertThat(Manifest.of(6, hashes).id()).isEqualTo(built.id());
    }

    @Test
    void manifestRefusesHashesThatDoNotFitTheSize() {
        assertThatThrownBy(() -> Manifest.of(6, new byte[31])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Manifest.of(Manifest.CHUNK_SIZE + 1L, new byte[32]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void builderRefusesWrongChunkLengthsAndMissingChunks() {
        Manifest.Builder builder = new Manifest.Builder(Manifest.CHUNK_SIZE + 10L);
        assertThatThrownBy(() -> builder.addChunk(new byte[10], 0, 10)).isInstanceOf(IllegalArgumentException.class);
        builder.addChunk(new byte[Manifest.CHUNK_SIZE], 0, Manifest.CHUNK_SIZE);
        assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class);
        builder.addChunk(new byte[10], 0, 10);
        assertThatThrownBy(() -> builder.addChunk(new byte[10], 0, 10)).isInstanceOf(IllegalStateException.class);
        assertThat(builder.build().chunkCount()).isEqualTo(2);
    }

    @Test
    void hashesViewCannotChangeTheManifest() {
        Manifest manifest = manifestOf("hello\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(manifest.hashes().isReadOnly()).isTrue();
        byte[] copy = manifest.chunkHash(0);
        Arrays.fill(copy, (byte) 0);
        assertThat(manifest.chunkHash(0)).isNotEqualTo(copy);
    }
}
