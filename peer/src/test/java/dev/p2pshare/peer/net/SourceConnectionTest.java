package dev.p2pshare.peer.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.p2pshare.protocol.ErrorCode;
import dev.p2pshare.protocol.FrameReader;
import dev.p2pshare.protocol.FrameWriter;
import dev.p2pshare.protocol.Message;
import dev.p2pshare.protocol.NodeId;
import dev.p2pshare.protocol.PeerEntry;
import dev.p2pshare.protocol.ProtocolException;
import dev.p2pshare.protocol.transport.ConnectionServer;
import dev.p2pshare.protocol.transport.Transport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Opening a connection to a source, against sources that answer the {@code hello} wrongly or not at all. */
@Timeout(30)
class SourceConnectionTest {

    /** What the fake source does once it has read the {@code hello}. */
    private interface AfterHello {
        void act(FrameWriter writer) throws IOException;
    }

    private ConnectionServer server;
    private final CompletableFuture<Void> hungUp = new CompletableFuture<>();

    /** A source that reads the {@code hello}, does {@code afterHello}, then waits for the other side to go. */
    private PeerEntry source(AfterHello afterHello) throws IOException {
        server = ConnectionServer.start("fake-source", Transport.plaintext(), InetAddress.getLoopbackAddress(), 0, 16,
                socket -> serve(socket, afterHello), failure -> { });
        return new PeerEntry(NodeId.of("ab".repeat(32)), "fake", "127.0.0.1", server.port(), 1);
    }

    private void serve(Socket socket, AfterHello afterHello) {
        try {
            FrameReader reader = new FrameReader(socket.getInputStream());
            reader.next();
            afterHello.act(new FrameWriter(socket.getOutputStream()));
            while (socket.getInputStream().read() >= 0) {
                continue;
            }
            hungUp.complete(null);
        } catch (IOException e) {
            // A connection ended under the read: the other side went, as waited for.
            hungUp.complete(null);
        }
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void sourceSpeakingAnotherVersionIsRefusedAndLeft() throws Exception {
        PeerEntry source = source(writer -> writer.send(new Message.Welcome(Message.VERSION + 1, "future")));

        assertThatThrownBy(() -> SourceConnection.open(Transport.plaintext(), source))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_VERSION))
                .hasMessage("speaks protocol version " + (Message.VERSION + 1) + ", this peer " + Message.VERSION);
        hungUp.get(10, TimeUnit.SECONDS);
    }

    @Test
    void sourceThatNeverWelcomesIsGivenUpAtTheLimitAndLeft() throws Exception {
        PeerEntry source = source(writer -> { });
        long start = System.nanoTime();

        assertThatThrownBy(() -> SourceConnection.open(Transport.plaintext(), source, Duration.ofMillis(500)))
                .isInstanceOf(SocketTimeoutException.class)
                .hasMessageStartingWith("the welcome took longer than");

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        hungUp.get(10, TimeUnit.SECONDS);
    }
}
