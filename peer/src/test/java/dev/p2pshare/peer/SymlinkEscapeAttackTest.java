package dev.p2pshare.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.p2pshare.peer.folder.FileHasher;
import dev.p2pshare.peer.folder.SharedFile;
import dev.p2pshare.peer.net.ChunkClient;
import dev.p2pshare.protocol.ErrorCode;
import dev.p2pshare.protocol.FileId;
import dev.p2pshare.protocol.Message;
import dev.p2pshare.protocol.SearchHit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Symbolic links inside a shared folder that point outside it, to a file and to a folder: a peer
 * started on that folder neither announces nor serves what they reach, even to a client that
 * knows the content id of the file behind the link. The files really in the folder are shared.
 */
@Timeout(60)
class SymlinkEscapeAttackTest {

    @TempDir
    Path root;

    @TempDir
    Path outside;

    private TestNetwork network;
    private Path secret;
    private Path secretInLinkedFolder;

    @BeforeEach
    void folderWithLinksOut() throws IOException {
        network = new TestNetwork(root);
        Path folder = network.folder("alice");
        secret = Files.writeString(outside.resolve("passwords.txt"), "root:hunter2");
        secretInLinkedFolder = Files.writeString(
                Files.createDirectories(outside.resolve("vault")).resolve("keys.txt"), "ssh private key");
        Files.writeString(folder.resolve("public notes.txt"), "anyone may read this");
        try {
            Files.createSymbolicLink(folder.resolve("passwords.txt"), secret);
            Files.createSymbolicLink(folder.resolve("vault"), secretInLinkedFolder.getParent());
        } catch (UnsupportedOperationException | IOException e) {
            assumeTrue(false, "cannot create symbolic links here: " + e);
        }
    }

    @AfterEach
    void stop() throws IOException {
        network.close();
    }

    @Test
    void whatTheLinksReachIsNeitherAnnouncedNorServed() throws Exception {
        Peer alice = network.startPeer("alice");
        Peer bob = network.startPeer("bob");

        assertThat(alice.sharing().files()).extracting(SharedFile::name).containsExactly("public notes.txt");
        assertThat(bob.fetching().search("notes").hits()).extracting(SearchHit::name).containsExactly("public notes.txt");
        assertThat(bob.fetching().search("passwords").hits()).isEmpty();
        assertThat(bob.fetching().search("keys").hits()).isEmpty();

        try (ChunkClient attacker = new ChunkClient(alice.serving().port()).hello()) {
            for (Path behindALink : new Path[] {secret, secretInLinkedFolder}) {
                FileId id = new FileHasher().hash(behindALink, bytes -> { }).id();
                assertThat(attacker.refusal(new Message.ManifestRequest(id)).code()).isEqualTo(ErrorCode.NOT_FOUND);
                assertThat(attacker.refusal(new Message.ChunkRequest(id, 0)).code()).isEqualTo(ErrorCode.NOT_FOUND);
            }
        }
    }
}
