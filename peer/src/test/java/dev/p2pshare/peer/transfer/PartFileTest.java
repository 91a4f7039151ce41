package dev.p2pshare.peer.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.p2pshare.peer.folder.StateDirectory;
import dev.p2pshare.protocol.Manifest;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A download's files on disk: what survives a crash, and what is checked again after one. */
class PartFileTest {

    private static final byte[] CONTENT = new byte[4 * Manifest.CHUNK_SIZE + 10];
    private static final Manifest MANIFEST;

    static {
        new Random(5).nextBytes(CONTENT);
        MANIFEST = FakeSource.manifestOf(CONTENT);
    }

    @TempDir
    Path temp;

    private StateDirectory state;

    @BeforeEach
    void folder() throws Exception {
        state = StateDirectory.of(temp);
    }

    private static byte[] chunk(int index) {
        int offset = index * Manifest.CHUNK_SIZE;
        return Arrays.copyOfRange(CONTENT, offset, offset + MANIFEST.chunkLength(index));
    }

    private static void write(PartFile part, int index) throws Exception {
        part.write(index, ByteBuffer.wrap(chunk(index)));
    }

    private void corruptOnDisk(int index) throws Exception {
        try (RandomAccessFile file = new RandomAccessFile(state.partFile(MANIFEST.id()).toFile(), "rw")) {
            file.seek(MANIFEST.chunkOffset(index));
            file.write(~CONTENT[index * Manifest.CHUNK_SIZE]);
        }
    }

    @Test
    void resumedPartHasTheChunksRecordedBeforeAndItsName() throws Exception {
        PartFile part = PartFile.create(state, MANIFEST, "data.bin");
        write(part, 0);
        write(part, 3);
        part.close();

        PartFile resumed = PartFile.resume(state, MANIFEST.id()).orElseThrow();
        assertThat(resumed.name()).isEqualTo("data.bin");
        assertThat(resumed.have().stream()).containsExactly(0, 3);
        assertThat(PartFile.unfinished(state)).containsExactly(MANIFEST.id());
        resumed.close();
    }

    @Test
    void chunksNotYetKnownToBeOnDiskAreHashedAgainAndDroppedIfWrong() throws Exception {
        PartFile part = PartFile.create(state, MANIFEST, "data.bin");
        write(part, 0);
        write(part, 1);
        part.checkpoint();
        corruptOnDisk(1);

        PartFile resumed = PartFile.resume(state, MANIFEST.id()).orElseThrow();
        assertThat(resumed.have().stream()).containsExactly(0);
        resumed.close();
    }

    @Test
    void chunksKnownToBeOnDiskAreTrustedWithoutHashingThemAgain() throws Exception {
        PartFile part = PartFile.create(state, MANIFEST, "data.bin");
        write(part, 0);
        write(part, 1);
        part.sync();
        write(part, 2);
        part.checkpoint();
        // Damage no crash could cause: if it went unnoticed, the synced chunks were not read again.
        corruptOnDisk(0);
        corruptOnDisk(2);

        PartFile resumed = PartFile.resume(state, MANIFEST.id()).orElseThrow();
        assertThat(resumed.have().stream()).containsExactly(0, 1);
        resumed.close();
    }

    @Test
    void finishedPartHasTheWholeFileAndForgetLeavesNothingBehind() throws Exception {
        PartFile part = PartFile.create(state, MANIFEST, "data.bin");
        for (int i = 0; i < MANIFEST.chunkCount() - 1; i++) {
            write(part, i);
        }
        assertThatThrownBy(part::finish).isInstanceOf(IllegalStateException.class)
                .hasMessage("1 chunks are still missing");
        write(part, MANIFEST.chunkCount() - 1);
        Path finished = part.finish();
        assertThat(Files.readAllBytes(finished)).isEqualTo(CONTENT);
        Files.delete(finished);
        part.forget();
        assertThat(Files.list(state.downloads())).isEmpty();
    }

    @Test
    void unreadableStateStartsTheDownloadOverInsteadOfTrustingIt() throws Exception {
        PartFile part = PartFile.create(state, MANIFEST, "data.bin");
        write(part, 0);
        part.close();
        Files.write(state.stateFile(MANIFEST.id()), new byte[] {1, 2, 3});

        assertThat(PartFile.resume(state, MANIFEST.id())).isEmpty();
        assertThat(Files.list(state.downloads())).isEmpty();
    }

    @Test
    void discardDeletesEverything() throws Exception {
        PartFile part = PartFile.create(state, MANIFEST, "data.bin");
        write(part, 0);
        part.discard();
        assertThat(Files.list(state.downloads())).isEmpty();
        assertThat(PartFile.resume(state, MANIFEST.id())).isEmpty();
    }

    @Test
    void partFileThatExistsAlreadyIsNeverTruncatedByANewDownload() throws Exception {
        PartFile first = PartFile.create(state, MANIFEST, "data.bin");
        write(first, 0);

        assertThatThrownBy(() -> PartFile.create(state, MANIFEST, "data.bin"))
                .isInstanceOf(java.nio.file.FileAlreadyExistsException.class);
        assertThat(Files.size(state.partFile(MANIFEST.id()))).isEqualTo(Manifest.CHUNK_SIZE);
        first.close();
    }

    @Test
    void completePartFileReplacedOnDiskIsNotPlaced() throws Exception {
        PartFile part = PartFile.create(state, MANIFEST, "data.bin");
        for (int index = 0; index < MANIFEST.chunkCount(); index++) {
            write(part, index);
        }
        Path replacement = Files.write(temp.resolve("same-size-other-bytes"), new byte[CONTENT.length]);
        Files.move(replacement, state.partFile(MANIFEST.id()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        assertThatThrownBy(part::finish).hasMessageContaining("was replaced while the download ran");
    }
}
