package dev.p2pshare.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.p2pshare.peer.folder.StateDirectory;
import dev.p2pshare.peer.net.PeerAdmission;
import dev.p2pshare.peer.net.SourceConnection;
import dev.p2pshare.peer.transfer.Cancellation;
import dev.p2pshare.peer.transfer.DownloadListener;
import dev.p2pshare.peer.transfer.DownloadResult;
import dev.p2pshare.protocol.ErrorCode;
import dev.p2pshare.protocol.FileId;
import dev.p2pshare.protocol.FrameReader;
import dev.p2pshare.protocol.FrameWriter;
import dev.p2pshare.protocol.Message;
import dev.p2pshare.protocol.PeerEntry;
import dev.p2pshare.protocol.tls.NodeIdentity;
import dev.p2pshare.protocol.tls.TlsLayer;
import dev.p2pshare.protocol.transport.ErrorReplyException;
import dev.p2pshare.protocol.transport.Transport;
import dev.p2pshare.tracker.AllowList;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A private network: its tracker serves only the peers on its allow list, and so do its peers.
 * A stranger who knows a peer's address gets nothing from it but {@code not-allowed}, and a member
 * taken off the list is cut off within {@link PeerAdmission#ALLOWED_FOR}.
 */
@Timeout(90)
class AllowListNetworkTest {

    /** What a member taken off the list may take, beyond the bound, to be cut off: time to notice. */
    private static final Duration SLACK = Duration.ofSeconds(15);

    private static final FileId SOME_FILE = FileId.of("f0".repeat(32));

    @TempDir
    Path temp;

    private Path allowed;
    private TestNetwork network;
    private Peer alice;
    private Peer bob;

    @BeforeEach
    void startAPrivateNetwork() throws Exception {
        allowed = temp.resolve("allowed");
        // The members' identities are made before their peers start, so the list can name them.
        Files.writeString(allowed, identityOf("alice").id().hex() + " alice\n" + identityOf("bob").id().hex() + " bob\n");
        network = new TestNetwork(temp, AllowList.fromFile(allowed));
        alice = network.startPeer("alice");
        bob = network.startPeer("bob");
    }

    private NodeIdentity identityOf(String peer) throws Exception {
        Path folder = Files.createDirectories(temp.resolve(peer));
        return NodeIdentity.loadOrCreate(StateDirectory.of(folder).root(), peer);
    }

    @AfterEach
    void stop() throws Exception {
        network.close();
    }

    @Test
    void membersFetchFromEachOther() throws Exception {
        network.randomFile("alice", "plans.pdf", 3 * 1024 * 1024 + 7, 1);
        awaitShared(alice, "plans.pdf");

        DownloadResult result = bob.fetching().download(bob.fetching().resolve("plans.pdf", List.of()), Optional.empty(),
                DownloadListener.NONE, new Cancellation());

        assertThat(Files.readAllBytes(result.file()))
                .isEqualTo(Files.readAllBytes(network.folder("alice").resolve("plans.pdf")));
    }

    static Stream<Message> requests() {
        return Stream.of(new Message.ManifestRequest(SOME_FILE), new Message.ChunkRequest(SOME_FILE, 0),
                new Message.HaveRequest(SOME_FILE), new Message.Ping(7));
    }

    @ParameterizedTest
    @MethodSource("requests")
    void strangerWhoKnowsAMembersAddressGetsNotAllowedAndNothingElse(Message request) throws Exception {
        network.randomFile("alice", "plans.pdf", 1024, 2);
        awaitShared(alice, "plans.pdf");
        Transport stranger = Transport.tls(new TlsLayer(NodeIdentity.generate("stranger")));

        try (Socket socket = stranger.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                alice.serving().port()))) {
            FrameWriter writer = new FrameWriter(socket.getOutputStream());
            writer.write(new Message.Hello(Message.VERSION, "stranger"));
            writer.send(request);
            FrameReader reader = new FrameReader(socket.getInputStream());

            Message answer = reader.next().message();
            assertThat(answer).isInstanceOfSatisfying(Message.ErrorReply.class, refused -> {
                assertThat(refused.code()).isEqualTo(ErrorCode.NOT_ALLOWED);
                assertThat(refused.detail()).contains("allow list");
            });
            assertThatThrownBy(reader::next).as("nothing after the refusal").isInstanceOf(EOFException.class);
        }
        assertThat(alice.diagnostics().status().uploads().chunks()).isZero();
    }

    @Test
    void memberTakenOffTheListIsCutOffOnItsOpenConnectionWithinTheBound() throws Exception {
        network.randomFile("alice", "plans.pdf", 1024, 3);
        FileId id = awaitShared(alice, "plans.pdf");
        Transport asBob = Transport.tls(new TlsLayer(identityOf("bob")));
        PeerEntry aliceListed = new PeerEntry(alice.id(), "alice", "127.0.0.1", alice.serving().port(), 1);
        try (SourceConnection open = SourceConnection.open(asBob, aliceListed)) {
            assertThat(open.manifest(id, SourceConnection.HANDSHAKE_LIMIT).id()).isEqualTo(id);

            Files.writeString(allowed, identityOf("alice").id().hex() + " alice, alone now\n");

            // The peer trusts the tracker's word for ALLOWED_FOR; the tracker looks at its file every second.
            Duration bound = PeerAdmission.ALLOWED_FOR.plus(AllowList.CHECK_EVERY);
            await().atMost(bound.plus(SLACK)).pollInterval(Duration.ofMillis(250))
                    .until(() -> refused(open));
        }
        assertThatThrownBy(() -> SourceConnection.open(asBob, aliceListed).close())
                .as("a new connection is turned away in place of welcome")
                .isInstanceOfSatisfying(ErrorReplyException.class,
                        refused -> assertThat(refused.code()).isEqualTo(ErrorCode.NOT_ALLOWED));
    }

    /** Whether a ping on {@code connection} is refused as not allowed; false while it is answered. */
    private static boolean refused(SourceConnection connection) throws IOException {
        try {
            connection.ping();
            return false;
        } catch (ErrorReplyException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.NOT_ALLOWED);
            return true;
        }
    }

    private static FileId awaitShared(Peer peer, String name) {
        return await().atMost(Duration.ofSeconds(10))
                .until(() -> peer.sharing().files().stream().filter(file -> file.name().equals(name)).findFirst(),
                        Optional::isPresent)
                .orElseThrow().id();
    }
}
