package dev.p2pshare.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.p2pshare.peer.folder.StateDirectory;
import dev.p2pshare.peer.net.ErrorReplyException;
import dev.p2pshare.peer.net.SourceConnection;
import dev.p2pshare.peer.transfer.Cancellation;
import dev.p2pshare.peer.transfer.DownloadListener;
import dev.p2pshare.peer.transfer.DownloadResult;
import dev.p2pshare.protocol.ErrorCode;
import dev.p2pshare.protocol.FileId;
import dev.p2pshare.protocol.NodeId;
import dev.p2pshare.protocol.PeerEntry;
import dev.p2pshare.protocol.tls.NodeIdentity;
import dev.p2pshare.protocol.tls.TlsLayer;
import dev.p2pshare.protocol.transport.Transport;
import dev.p2pshare.tracker.AllowList;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A private network: its tracker serves only the peers on its allow list, and so do its peers.
 * A stranger who knows a peer's address gets nothing from it.
 */
@Timeout(60)
class AllowListNetworkTest {

    @TempDir
    Path temp;

    private TestNetwork network;
    private Peer alice;
    private Peer bob;

    @BeforeEach
    void startAPrivateNetwork() throws Exception {
        Path allowed = temp.resolve("allowed");
        // The members' identities are made before their peers start, so the list can name them.
        Files.writeString(allowed, identityOf("alice").hex() + " alice\n" + identityOf("bob").hex() + " bob\n");
        network = new TestNetwork(temp, AllowList.fromFile(allowed));
        alice = network.startPeer("alice");
        bob = network.startPeer("bob");
    }

    private NodeId identityOf(String peer) throws Exception {
        Path folder = Files.createDirectories(temp.resolve(peer));
        return NodeIdentity.loadOrCreate(StateDirectory.of(folder).root(), peer).id();
    }

    @AfterEach
    void stop() throws Exception {
        network.close();
    }

    @Test
    void membersFetchFromEachOther() throws Exception {
        network.randomFile("alice", "plans.pdf", 3 * 1024 * 1024 + 7, 1);
        awaitShared(alice, "plans.pdf");

        DownloadResult result = bob.download(bob.resolve("plans.pdf", List.of()), Optional.empty(),
                DownloadListener.NONE, new Cancellation());

        assertThat(Files.readAllBytes(result.file()))
                .isEqualTo(Files.readAllBytes(network.folder("alice").resolve("plans.pdf")));
    }

    @Test
    void strangerWhoKnowsAMembersAddressIsRefusedWhateverItAsks() throws Exception {
        network.randomFile("alice", "plans.pdf", 1024, 2);
        FileId id = awaitShared(alice, "plans.pdf");
        Transport stranger = Transport.tls(new TlsLayer(NodeIdentity.generate("stranger")));
        PeerEntry aliceListed = new PeerEntry(alice.id(), "alice", "127.0.0.1", alice.serving().port(), 1);

        try (SourceConnection connection = SourceConnection.open(stranger, aliceListed)) {
            assertThatThrownBy(() -> connection.manifest(id, SourceConnection.HANDSHAKE_LIMIT))
                    .isInstanceOfSatisfying(ErrorReplyException.class, refused -> {
                        assertThat(refused.code()).isEqualTo(ErrorCode.NOT_ALLOWED);
                        assertThat(refused.getMessage()).contains("allow list");
                    });
        }
        try (SourceConnection connection = SourceConnection.open(stranger, aliceListed)) {
            assertThatThrownBy(() -> connection.have(id, 1024))
                    .isInstanceOfSatisfying(ErrorReplyException.class,
                            refused -> assertThat(refused.code()).isEqualTo(ErrorCode.NOT_ALLOWED));
        }
        try (SourceConnection connection = SourceConnection.open(stranger, aliceListed)) {
            connection.requestChunk(id, 0);
            connection.flush();
            assertThatThrownBy(() -> connection.readChunk(id, 0, 1024, java.nio.ByteBuffer.allocate(1024)))
                    .isInstanceOfSatisfying(ErrorReplyException.class,
                            refused -> assertThat(refused.code()).isEqualTo(ErrorCode.NOT_ALLOWED));
        }
        assertThat(alice.status().uploads().chunks()).isZero();
    }

    private static FileId awaitShared(Peer peer, String name) {
        return org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> peer.files().stream().filter(file -> file.name().equals(name)).findFirst(),
                        Optional::isPresent)
                .orElseThrow().id();
    }
}
