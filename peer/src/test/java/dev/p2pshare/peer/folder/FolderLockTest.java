package dev.p2pshare.peer.folder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One peer per folder; a lock left by a peer that is gone is taken over. (Other processes: {@code FolderSafetyIT}.) */
class FolderLockTest {

    @TempDir
    Path folder;

    private StateDirectory state;

    @BeforeEach
    void createState() throws IOException {
        state = StateDirectory.of(folder);
    }

    @Test
    void secondClaimOnAHeldFolderIsRefusedNamingTheFolderAndTheHolder() throws IOException {
        try (FolderLock held = FolderLock.acquire(state)) {
            assertThatThrownBy(() -> FolderLock.acquire(state))
                    .isInstanceOf(FolderLock.FolderInUseException.class)
                    .hasMessageContaining("another peer is already running on " + state.folder())
                    .hasMessageContaining("(process " + ProcessHandle.current().pid() + ")")
                    .hasMessageContaining("stop it first");
        }
    }

    @Test
    void releasedFolderCanBeClaimedAgain() throws IOException {
        FolderLock.acquire(state).close();

        try (FolderLock again = FolderLock.acquire(state)) {
            assertThat(Files.readString(state.root().resolve(FolderLock.FILE_NAME)).strip())
                    .isEqualTo(String.valueOf(ProcessHandle.current().pid()));
        }
    }

    @Test
    void closingAgainDoesNothing() throws IOException {
        FolderLock lock = FolderLock.acquire(state);
        lock.close();
        lock.close();

        FolderLock.acquire(state).close();
    }

    @Test
    void lockFileLeftByAKilledPeerIsTakenOver() throws IOException {
        Files.writeString(state.root().resolve(FolderLock.FILE_NAME), "999999999\nleft behind\n");

        try (FolderLock taken = FolderLock.acquire(state)) {
            assertThat(Files.readString(state.root().resolve(FolderLock.FILE_NAME)))
                    .isEqualTo(ProcessHandle.current().pid() + "\n");
        }
    }
}
