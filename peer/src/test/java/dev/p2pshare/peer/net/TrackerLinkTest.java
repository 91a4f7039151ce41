package dev.p2pshare.peer.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.p2pshare.peer.folder.SharedFiles;
import dev.p2pshare.protocol.ErrorCode;
import dev.p2pshare.protocol.FrameReader;
import dev.p2pshare.protocol.FrameWriter;
import dev.p2pshare.protocol.Message;
import dev.p2pshare.protocol.MessageCodec;
import dev.p2pshare.protocol.NodeId;
import dev.p2pshare.protocol.tls.NodeIdentity;
import dev.p2pshare.protocol.tls.TlsLayer;
import dev.p2pshare.protocol.transport.ConnectionServer;
import dev.p2pshare.protocol.transport.Endpoint;
import dev.p2pshare.protocol.transport.Transport;
import dev.p2pshare.tracker.Tracker;
import dev.p2pshare.tracker.TrackerConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The link to a tracker that knows nothing of texts nor of allow lists peers enforce: the peer still
 * registers, says why texts fail, and serves everyone as before; and a newer tracker it moves to
 * gets all it knows.
 */
@Timeout(60)
class TrackerLinkTest {

    @TempDir
    Path state;

    private final AtomicInteger connections = new AtomicInteger();
    /** The older tracker's latest connection, for a test to break. */
    private final AtomicReference<Socket> latest = new AtomicReference<>();
    private ConnectionServer olderTracker;
    private Tracker current;
    private TrackerLink link;
    private final PeerAdmission admission = new PeerAdmission(System::nanoTime);

    @AfterEach
    void stop() {
        if (link != null) {
            link.close();
        }
        olderTracker.close();
        if (current != null) {
            current.close();
        }
    }

    @Test
    void aTrackerThatRefusesToSubscribeIsRegisteredWithAgainWithoutAndTextsAreRefusedWithTheReason()
            throws IOException {
        olderTracker = ConnectionServer.start("older-tracker", Transport.plaintext(), InetAddress.getLoopbackAddress(),
                0, 16, this::serveAsAnOlderTracker, failure -> { });
        Endpoint endpoint = new Endpoint("127.0.0.1", olderTracker.port());
        link = new TrackerLink(Transport.plaintext(), TrackerTrust.load(state, List.of()),
                new TrackerLink.Settings(List.of(endpoint), NodeId.of("ef".repeat(32)), "alice", 7001,
                        Duration.ofSeconds(10), Duration.ofSeconds(5), true),
                new SharedFiles(), List::of, notice -> { }, admission);

        link.start();

        assertThat(link.status().connected()).isTrue();
        assertThat(connections.get()).as("connections closed at the subscription and at check-peer, and a third")
                .isEqualTo(3);
        assertThatThrownBy(() -> link.broadcast("hello?")).isInstanceOf(IOException.class)
                .hasMessageContaining("passes no texts or offers between peers (it is older than this peer)");
        assertThat(admission.admits(NodeId.of("cd".repeat(32)))).as("an older tracker keeps no list to enforce").isTrue();
    }

    @Test
    void anOlderTrackerInTheListDoesNotStopTextsThroughTheNextOne() throws Exception {
        NodeIdentity peer = NodeIdentity.generate("peer");
        olderTracker = ConnectionServer.start("older-tracker", Transport.tls(new TlsLayer(NodeIdentity.generate("older"))),
                InetAddress.getLoopbackAddress(), 0, 16, this::serveAsAnOlderTracker, failure -> { });
        current = Tracker.start(new TrackerConfig(InetAddress.getLoopbackAddress(), 0, Duration.ofSeconds(30),
                Duration.ofSeconds(1), Clock.systemUTC(), NodeIdentity.generate("tracker")));
        Endpoint older = new Endpoint("127.0.0.1", olderTracker.port());
        Endpoint newer = new Endpoint("127.0.0.1", current.port());
        // An id whose first eight hex digits are odd picks the second of two trackers: the older one.
        link = new TrackerLink(Transport.tls(new TlsLayer(peer)), TrackerTrust.load(state, List.of()),
                new TrackerLink.Settings(List.of(newer, older), NodeId.of("00000003" + "0".repeat(56)), "alice",
                        7001, Duration.ofSeconds(10), Duration.ofSeconds(5), true),
                new SharedFiles(), List::of, notice -> { }, admission);
        link.start();
        assertThat(link.status().tracker()).isEqualTo(older);
        assertThatThrownBy(() -> link.broadcast("hello?")).hasMessageContaining("older than this peer");

        latest.get().close();

        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> link.status().connected() && link.status().tracker().equals(newer));
        assertThat(link.broadcast("hello")).as("nobody else is online to take it").isZero();
        assertThat(link.checkPeer(NodeId.of("cd".repeat(32))).restricted()).isFalse();
    }

    /** Answers as a tracker from before texts: an unknown type is a bad message that closes the connection. */
    private void serveAsAnOlderTracker(Socket socket) {
        connections.incrementAndGet();
        latest.set(socket);
        try (socket) {
            FrameReader reader = new FrameReader(socket.getInputStream());
            FrameWriter writer = new FrameWriter(socket.getOutputStream());
            reader.next();
            writer.send(new Message.Welcome(Message.VERSION, "older"));
            while (true) {
                Message request = reader.next().message();
                if (request instanceof Message.Subscribe || request instanceof Message.CheckPeer) {
                    writer.send(new Message.ErrorReply(ErrorCode.BAD_MESSAGE, "unknown message type '"
                            + MessageCodec.typeName(request.getClass()) + "'"));
                    return;
                }
                writer.send(request instanceof Message.Register
                        ? new Message.Registered(NodeId.of("ab".repeat(32)), "127.0.0.1", 30)
                        : new Message.Ok());
            }
        } catch (IOException e) {
            // The peer closed its side, which ends this fake's conversation.
            return;
        }
    }
}
