package dev.p2pshare.peer.folder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.p2pshare.protocol.FileId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a killed peer leaves in its state folder is cleared at the next start, and nothing else. */
class StateDirectoryTest {

    private static final FileId UNFINISHED = FileId.of("ab".repeat(32));
    private static final FileId PLACED = FileId.of("cd".repeat(32));
    private static final FileId HALF_CREATED = FileId.of("ef".repeat(32));

    @TempDir
    Path folder;

    private StateDirectory state;

    @BeforeEach
    void createState() throws IOException {
        state = StateDirectory.of(folder);
    }

    @Test
    void temporaryFilesAndDownloadFilesWithoutStateAreDeleted() throws IOException {
        Path shareCopy = state.newTempFile("share");
        Path cacheBeingReplaced = Files.writeString(state.root().resolve("hashes.bin123.tmp"), "half");
        Path stateBeingReplaced = Files.writeString(state.downloads().resolve(UNFINISHED.hex() + ".state456.tmp"), "x");
        Path placedManifest = Files.writeString(state.manifestFile(PLACED), "manifest of a placed file");
        Path halfCreatedPart = Files.writeString(state.partFile(HALF_CREATED), "");
        Path halfCreatedManifest = Files.writeString(state.manifestFile(HALF_CREATED), "manifest");

        assertThat(state.deleteLeftovers()).isEqualTo(6);

        assertThat(Stream.of(shareCopy, cacheBeingReplaced, stateBeingReplaced, placedManifest, halfCreatedPart,
                halfCreatedManifest)).allSatisfy(leftover -> assertThat(leftover).doesNotExist());
    }

    @Test
    void unfinishedDownloadsAndEverythingElseStay() throws IOException {
        Path part = Files.writeString(state.partFile(UNFINISHED), "chunks");
        Path manifest = Files.writeString(state.manifestFile(UNFINISHED), "manifest");
        Path record = Files.writeString(state.stateFile(UNFINISHED), "state");
        Path cache = Files.writeString(state.hashCache(), "cache");
        Path history = Files.writeString(state.history(), "get 1\n");
        Path identity = Files.writeString(state.root().resolve("identity.pem"), "key");

        assertThat(state.deleteLeftovers()).isZero();

        assertThat(Stream.of(part, manifest, record, cache, history, identity))
                .allSatisfy(kept -> assertThat(kept).exists());
    }
}
