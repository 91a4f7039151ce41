package dev.p2pshare.protocol.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.p2pshare.protocol.ErrorCode;
import dev.p2pshare.protocol.FrameReader;
import dev.p2pshare.protocol.Message;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ConnectionServerTest {

    private final Transport transport = Transport.plaintext();
    private final List<IOException> failures = new CopyOnWriteArrayList<>();

    private ConnectionServer echoServer(CountDownLatch served) throws IOException {
        return ConnectionServer.start("test", transport, InetAddress.getLoopbackAddress(), 0, 2, socket -> {
            try {
                echo(socket);
            } finally {
                served.countDown();
            }
        }, failures::add);
    }

    @Test
    void servesEachConnectionOnItsOwnThread() throws Exception {
        CountDownLatch served = new CountDownLatch(2);
        try (ConnectionServer server = echoServer(served);
                Socket first = transport.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()));
                Socket second = transport.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()))) {
            assertThat(server.port()).isPositive();
            second.getOutputStream().write(41);
            assertThat(second.getInputStream().read()).isEqualTo(42);
            first.getOutputStream().write(1);
            assertThat(first.getInputStream().read()).isEqualTo(2);
            assertThat(server.liveConnections()).isEqualTo(2);
        }
    }

    @Test
    void aHandlerThatThrowsEndsOnlyItsConnectionAndIsCounted() throws Exception {
        try (ConnectionServer server = ConnectionServer.start("test", transport, InetAddress.getLoopbackAddress(), 0,
                2, socket -> {
                    try {
                        if (socket.getInputStream().read() == 'x') {
                            throw new IllegalStateException("a handler with a bug");
                        }
                        echo(socket);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }, failures::add)) {
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port());
            try (Socket crashing = transport.connect(address)) {
                crashing.getOutputStream().write('x');
                assertThat(crashing.getInputStream().read()).as("the connection was closed").isEqualTo(-1);
            }
            assertThat(server.crashedHandlers()).isEqualTo(1);
            try (Socket next = transport.connect(address)) {
                next.getOutputStream().write(new byte[] {'a', 1});
                assertThat(next.getInputStream().read()).isEqualTo(2);
            }
            assertThat(server.crashedHandlers()).isEqualTo(1);
            assertThat(failures).isEmpty();
        }
    }

    @Test
    void oneAddressCannotTakeEveryConnection() throws Exception {
        try (ConnectionServer server = ConnectionServer.start("test", transport, InetAddress.getByName("0.0.0.0"), 0,
                new ConnectionServer.Capacity(3, 2), this::echo, failures::add)) {
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port());
            try (Socket first = transport.connect(address); Socket second = transport.connect(address);
                    Socket third = transport.connect(address)) {
                assertEcho(first);
                assertEcho(second);
                assertThat(new FrameReader(third.getInputStream()).next().message())
                        .isInstanceOfSatisfying(Message.ErrorReply.class, error -> {
                            assertThat(error.code()).isEqualTo(ErrorCode.BUSY);
                            assertThat(error.detail()).contains("2 from one address");
                        });
                // Another address of this machine is another host as far as the limit goes.
                try (Socket other = new Socket()) {
                    other.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
                    other.connect(address, 5_000);
                    assertEcho(other);
                }
            }
            // Closed connections give their address its room back, once their threads have seen the close.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                try (Socket again = transport.connect(address)) {
                    assertEcho(again);
                }
            });
        }
    }

    /** Answers every byte with the next value, until the client closes. */
    private void echo(Socket socket) {
        try {
            int b;
            while ((b = socket.getInputStream().read()) >= 0) {
                socket.getOutputStream().write(b + 1);
            }
        } catch (IOException e) {
            failures.add(e);
        }
    }

    private static void assertEcho(Socket socket) throws IOException {
        socket.getOutputStream().write(41);
        assertThat(socket.getInputStream().read()).isEqualTo(42);
    }

    @Test
    void connectionPastTheLimitIsToldTheServerIsBusy() throws Exception {
        CountDownLatch served = new CountDownLatch(2);
        InetSocketAddress address;
        try (ConnectionServer server = echoServer(served)) {
            address = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port());
            try (Socket first = transport.connect(address); Socket second = transport.connect(address)) {
                first.getOutputStream().write(1);
                second.getOutputStream().write(1);
                assertThat(first.getInputStream().read()).isEqualTo(2);
                assertThat(second.getInputStream().read()).isEqualTo(2);
                try (Socket third = transport.connect(address)) {
                    FrameReader reader = new FrameReader(third.getInputStream());
                    assertThat(reader.next().message()).isEqualTo(new Message.ErrorReply(ErrorCode.BUSY,
                            "this server is serving as many connections as it allows (2 in all, 2 from one address); "
                                    + "try again later"));
                    assertThatThrownBy(reader::next).isInstanceOf(EOFException.class);
                }
                assertThat(server.refusedConnections()).isEqualTo(1);
            }
        }
    }

    @Test
    void closeEndsLiveConnectionsAndStopsListening() throws Exception {
        CountDownLatch served = new CountDownLatch(1);
        ConnectionServer server = echoServer(served);
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port());
        try (Socket client = transport.connect(address)) {
            client.getOutputStream().write(1);
            assertThat(client.getInputStream().read()).isEqualTo(2);
            server.close();
            assertThat(client.getInputStream().read()).isEqualTo(-1);
            assertThat(served.await(5, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(server.liveConnections()).isZero();
        assertThatThrownBy(() -> transport.connect(address)).isInstanceOf(ConnectException.class);
    }

    @Test
    void socketsGetTheTransportReadTimeout() throws Exception {
        CountDownLatch served = new CountDownLatch(1);
        try (ConnectionServer server = echoServer(served);
                Socket client = transport.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()))) {
            assertThat(client.getSoTimeout()).isEqualTo((int) Transport.DEFAULT_READ_TIMEOUT.toMillis());
            assertThat(client.getTcpNoDelay()).isTrue();
        }
    }

    @Test
    void socketsHaveChannelsForSendingFilesAndAnyAddressShowsAsIpv4() throws Exception {
        CountDownLatch servedWithChannel = new CountDownLatch(1);
        try (ConnectionServer server = ConnectionServer.start("test", transport, null, 0, 2, socket -> {
                    if (socket.getChannel() != null) {
                        servedWithChannel.countDown();
                    }
                }, failures::add);
                Socket client = transport.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()))) {
            assertThat(client.getChannel()).isNotNull();
            assertThat(servedWithChannel.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(server.address().getAddress().getHostAddress()).isEqualTo("0.0.0.0");
            assertThat(server.address().getPort()).isEqualTo(server.port());
        }
    }

    @Test
    void threadsAreVirtualExactlyWhenTheRuntimeHasThem() throws Exception {
        assertThat(ConnectionThreads.virtual()).isEqualTo(Runtime.version().feature() >= 21);
        var executor = ConnectionThreads.perTask("probe-");
        try {
            Thread thread = executor.submit(Thread::currentThread).get(5, TimeUnit.SECONDS);
            assertThat(thread.getName()).startsWith("probe-");
            assertThat(thread.isDaemon()).isTrue();
            if (ConnectionThreads.virtual()) {
                assertThat((Boolean) Thread.class.getMethod("isVirtual").invoke(thread)).isTrue();
            }
        } finally {
            executor.shutdown();
        }
    }
}
