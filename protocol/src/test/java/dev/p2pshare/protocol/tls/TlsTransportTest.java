package dev.p2pshare.protocol.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.p2pshare.protocol.NodeId;
import dev.p2pshare.protocol.transport.ConnectionServer;
import dev.p2pshare.protocol.transport.Transport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class TlsTransportTest {

    private static final Duration CONNECT = Duration.ofMillis(1500);

    private final NodeIdentity serverIdentity = NodeIdentity.generate("server");
    private final NodeIdentity clientIdentity = NodeIdentity.generate("client");
    private final Transport client = Transport.tls(new TlsLayer(clientIdentity), CONNECT, Duration.ofSeconds(10));
    private final List<Optional<NodeId>> clientsSeen = new CopyOnWriteArrayList<>();
    private final List<IOException> failures = new CopyOnWriteArrayList<>();
    private ConnectionServer server;
    private InetSocketAddress address;

    @BeforeEach
    void startEchoServer() throws IOException {
        Transport transport = Transport.tls(new TlsLayer(serverIdentity), CONNECT, Duration.ofSeconds(10));
        server = ConnectionServer.start("tls", transport, InetAddress.getLoopbackAddress(), 0, 8, socket -> {
            clientsSeen.add(Transport.remoteId(socket));
            try {
                int b;
                while ((b = socket.getInputStream().read()) >= 0) {
                    socket.getOutputStream().write(b + 1);
                    socket.getOutputStream().flush();
                }
            } catch (IOException e) {
                failures.add(e);
            }
        }, failures::add);
        address = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void bothEndsLearnTheOthersIdOverTls13WithAesGcm() throws Exception {
        try (Socket socket = client.connect(address, "the test server", Optional.of(serverIdentity.id()))) {
            assertEcho(socket);
            assertThat(Transport.remoteId(socket)).contains(serverIdentity.id());
            SSLSocket secured = (SSLSocket) socket;
            assertThat(secured.getSession().getProtocol()).isEqualTo("TLSv1.3");
            assertThat(TlsLayer.CIPHER_SUITES).contains(secured.getSession().getCipherSuite());
            assertThat(Transport.channelOf(socket)).as("no raw channel under TLS").isNull();
        }
        assertThat(clientsSeen).containsExactly(Optional.of(clientIdentity.id()));
    }

    @Test
    void serverProvingAnotherIdIsRefusedBeforeAnyDataMoves() {
        NodeId expected = NodeIdentity.generate("someone else").id();

        assertThatThrownBy(() -> client.connect(address, "the tracker at " + address, Optional.of(expected)))
                .isInstanceOfSatisfying(UnexpectedIdentityException.class, e -> {
                    assertThat(e.expected()).isEqualTo(expected);
                    assertThat(e.presented()).isEqualTo(serverIdentity.id());
                    assertThat(e).hasMessageContaining("the tracker at").hasMessageContaining(expected.grouped())
                            .hasMessageContaining(serverIdentity.id().grouped());
                });
    }

    @Test
    void plaintextClientIsDroppedAndTheServerGoesOnServing() throws Exception {
        try (Socket plain = Transport.plaintext().connect(address)) {
            plain.getOutputStream().write("{\"type\":\"hello\"}".getBytes(StandardCharsets.UTF_8));
            plain.getOutputStream().flush();
            assertThat(plain.getInputStream().readAllBytes()).doesNotContain((byte) '{');
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> server.failedHandshakes() == 1);

        try (Socket honest = client.connect(address)) {
            assertEcho(honest);
        }
    }

    @Test
    void clientWithoutACertificateIsRefused() throws Exception {
        SSLContext anonymous = SSLContext.getInstance("TLSv1.3");
        anonymous.init(null, new TrustManager[] {new SelfSignedTrust()}, null);
        try (SSLSocket socket = (SSLSocket) anonymous.getSocketFactory().createSocket(address.getAddress(),
                address.getPort())) {
            socket.setSoTimeout(10_000);
            // In TLS 1.3 the client's handshake ends before the server has checked it: the refusal
            // arrives on the first read.
            assertThatThrownBy(() -> {
                socket.startHandshake();
                socket.getOutputStream().write(1);
                socket.getOutputStream().flush();
                if (socket.getInputStream().read() >= 0) {
                    throw new AssertionError("served without a certificate");
                }
                throw new IOException("closed");
            }).isInstanceOf(IOException.class);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> server.failedHandshakes() == 1);
        try (Socket honest = client.connect(address)) {
            assertEcho(honest);
        }
    }

    @Test
    void clientThatNeverFinishesItsHandshakeIsDroppedAtTheDeadline() throws Exception {
        try (Socket silent = Transport.plaintext().connect(address)) {
            long start = System.nanoTime();
            assertThat(silent.getInputStream().read()).isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(CONNECT.multipliedBy(4));
        }
        // Counted once the server's handshake attempt has ended, just after the close the client saw.
        await().atMost(Duration.ofSeconds(10)).until(() -> server.failedHandshakes() == 1);
        try (Socket honest = client.connect(address)) {
            assertEcho(honest);
        }
    }

    @Test
    void serverThatTricklesItsHandshakeIsGivenUpAtTheConnectTimeoutInAll() throws Exception {
        try (ServerSocket trickler = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread sender = new Thread(() -> trickleARecordHeaderThenBytes(trickler), "trickler");
            sender.setDaemon(true);
            sender.start();
            long start = System.nanoTime();
            assertThatThrownBy(() -> client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                    trickler.getLocalPort()), "the trickler", Optional.empty()))
                    .isInstanceOf(SocketTimeoutException.class)
                    .hasMessageStartingWith("the TLS handshake with the trickler took longer than");
            // A byte every 300 ms keeps a read timeout from ever firing: only a total bound ends it.
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(CONNECT.multipliedBy(3));
        }
    }

    /**
     * Accepts one connection and sends it the header of a TLS handshake record of 16 KiB, then
     * one byte of it every 300 ms: the pace of a trickle, which a TLS client waits for.
     */
    private static void trickleARecordHeaderThenBytes(ServerSocket server) {
        try (Socket socket = server.accept()) {
            socket.getOutputStream().write(new byte[] {0x16, 0x03, 0x03, 0x40, 0x00});
            while (true) {
                socket.getOutputStream().write(0);
                socket.getOutputStream().flush();
                Thread.sleep(300);
            }
        } catch (IOException | InterruptedException e) {
            // The client gave up and closed the connection, which is what the test waits for.
            return;
        }
    }

    private static void assertEcho(Socket socket) throws IOException {
        socket.getOutputStream().write(41);
        socket.getOutputStream().flush();
        assertThat(socket.getInputStream().read()).isEqualTo(42);
    }
}
