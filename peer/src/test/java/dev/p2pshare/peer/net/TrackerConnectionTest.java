package dev.p2pshare.peer.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.p2pshare.protocol.ErrorCode;
import dev.p2pshare.protocol.FileId;
import dev.p2pshare.protocol.FrameReader;
import dev.p2pshare.protocol.FrameWriter;
import dev.p2pshare.protocol.Message;
import dev.p2pshare.protocol.NodeId;
import dev.p2pshare.protocol.ProtocolException;
import dev.p2pshare.protocol.transport.ConnectionServer;
import dev.p2pshare.protocol.transport.Endpoint;
import dev.p2pshare.protocol.transport.ErrorReplyException;
import dev.p2pshare.protocol.transport.Transport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The peer's side of a tracker connection, against trackers that misbehave on purpose. */
@Timeout(30)
class TrackerConnectionTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    /** What the fake tracker does with each request after the handshake. */
    private interface Behaviour {
        void answer(Message request, FrameWriter writer) throws IOException;
    }

    @TempDir
    Path state;

    private ConnectionServer tracker;
    private final CompletableFuture<IOException> closed = new CompletableFuture<>();
    private final BlockingQueue<Message.Notice> notices = new LinkedBlockingQueue<>();

    private TrackerConnection connectTo(Behaviour behaviour) throws IOException {
        return connectTo(Message.VERSION, behaviour);
    }

    /** Connects to a fake tracker whose {@code welcome} says it speaks {@code version}. */
    private TrackerConnection connectTo(int version, Behaviour behaviour) throws IOException {
        tracker = ConnectionServer.start("fake-tracker", Transport.plaintext(), InetAddress.getLoopbackAddress(), 0, 16,
                socket -> serve(socket, version, behaviour), failure -> { });
        Endpoint endpoint = new Endpoint("127.0.0.1", tracker.port());
        return TrackerConnection.open(Transport.plaintext(), endpoint,
                TrackerTrust.load(state, List.of()), TIMEOUT, closed::complete,
                notices::add);
    }

    private static void serve(Socket socket, int version, Behaviour behaviour) {
        try {
            FrameReader reader = new FrameReader(socket.getInputStream());
            FrameWriter writer = new FrameWriter(socket.getOutputStream());
            reader.next();
            writer.send(new Message.Welcome(version, "fake"));
            while (true) {
                behaviour.answer(reader.next().message(), writer);
                writer.flush();
            }
        } catch (IOException e) {
            // The peer closed its side, which ends this fake's conversation.
            return;
        }
    }

    @AfterEach
    void stop() {
        tracker.close();
    }

    @Test
    void answersAreMatchedToRequestsInOrder() throws Exception {
        TrackerConnection connection = connectTo((request, writer) -> writer.write(
                new Message.SearchResult(List.of(), request instanceof Message.Search search && search.limit() == 2)));
        assertThat(connection.request(new Message.Search("a", 1), Message.SearchResult.class, TIMEOUT))
                .isEqualTo(new Message.SearchResult(List.of(), false));
        assertThat(connection.request(new Message.Search("b", 2), Message.SearchResult.class, TIMEOUT))
                .isEqualTo(new Message.SearchResult(List.of(), true));
        assertThat(connection.isOpen()).isTrue();
    }

    @Test
    void noticesBetweenAnswersGoToTheListenerAndAnswersStillMatch() throws Exception {
        Message.PeerLeft left = new Message.PeerLeft(NodeId.of("cd".repeat(32)), "bob");
        TrackerConnection connection = connectTo((request, writer) -> {
            writer.write(left);
            writer.write(new Message.Ok());
        });
        assertThat(connection.request(new Message.Heartbeat(), Message.Ok.class, TIMEOUT)).isEqualTo(new Message.Ok());
        assertThat(notices.poll(5, TimeUnit.SECONDS)).isEqualTo(left);
        assertThat(connection.isOpen()).isTrue();
    }

    @Test
    void trackerThatNeverAnswersIsGivenUpAfterTheTimeout() throws Exception {
        TrackerConnection connection = connectTo((request, writer) -> { });
        assertThatThrownBy(() -> connection.request(new Message.Heartbeat(), Message.Ok.class, TIMEOUT))
                .isInstanceOf(IOException.class)
                .hasMessage("the tracker did not answer within 2 s");
        assertThat(connection.isOpen()).isFalse();
        assertThat(closed.get(5, TimeUnit.SECONDS)).hasMessageContaining("did not answer");
    }

    @Test
    void frameWithAPayloadFromTheTrackerEndsTheConnectionAtOnce() throws Exception {
        FileId id = FileId.of("ab".repeat(32));
        TrackerConnection connection = connectTo((request, writer) ->
                writer.write(new Message.ChunkData(id, 0), ByteBuffer.wrap(new byte[] {1, 2, 3})));
        long started = System.nanoTime();
        assertThatThrownBy(() -> connection.request(new Message.Heartbeat(), Message.Ok.class, Duration.ofSeconds(20)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("which a tracker never sends");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        assertThat(closed.get(5, TimeUnit.SECONDS)).isNotNull();
    }

    @Test
    void refusalIsAnErrorReplyAndKeepsTheConnection() throws Exception {
        TrackerConnection connection = connectTo((request, writer) -> writer.write(
                new Message.ErrorReply(ErrorCode.NOT_REGISTERED, "register first")));
        assertThatThrownBy(() -> connection.request(new Message.Heartbeat(), Message.Ok.class, TIMEOUT))
                .isInstanceOf(ErrorReplyException.class)
                .hasMessage("register first");
        assertThat(connection.isOpen()).isTrue();
    }

    @Test
    void trackerSpeakingAnotherVersionIsRefusedNamingTheTracker() {
        assertThatThrownBy(() -> connectTo(Message.VERSION + 1, (request, writer) -> { }))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_VERSION))
                .hasMessage("the tracker speaks protocol version " + (Message.VERSION + 1) + ", this peer "
                        + Message.VERSION);
    }
}
