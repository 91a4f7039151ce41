package dev.p2pshare.protocol.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.p2pshare.protocol.ErrorCode;
import dev.p2pshare.protocol.FileId;
import dev.p2pshare.protocol.FrameReader;
import dev.p2pshare.protocol.FrameWriter;
import dev.p2pshare.protocol.Message;
import dev.p2pshare.protocol.ProtocolException;
import dev.p2pshare.protocol.tls.NodeIdentity;
import dev.p2pshare.protocol.tls.TlsLayer;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ServerConversationTest {

    private final Transport transport = Transport.plaintext();

    @Test
    void socketClosedByThisSideWhileWaitingForARequestIsANetworkEndNotAFailure() throws Exception {
        try (ServerSocket server = transport.listen(InetAddress.getLoopbackAddress(), 0);
                Socket client = transport.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                        server.getLocalPort()))) {
            Socket accepted = transport.accept(server);
            CompletableFuture<ServerConversation.End> end = CompletableFuture.supplyAsync(() ->
                    ServerConversation.run(accepted, "test", Duration.ofSeconds(5), (request, payload, writer) -> {
                    }));
            new FrameWriter(client.getOutputStream()).send(new Message.Hello(Message.VERSION, "test"));
            assertThat(new FrameReader(client.getInputStream()).next().message()).isInstanceOf(Message.Welcome.class);

            accepted.close();

            ServerConversation.End ended = end.get(10, TimeUnit.SECONDS);
            assertThat(ended.kind()).isEqualTo(ServerConversation.EndKind.NETWORK);
            assertThat(ended.describe()).startsWith("connection from 127.0.0.1:").doesNotContain("null");
        }
    }

    @Test
    void clientTricklingItsHelloIsDroppedWhenTheHandshakeTimeIsUpInAll() throws Exception {
        try (ServerSocket server = transport.listen(InetAddress.getLoopbackAddress(), 0);
                Socket client = transport.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                        server.getLocalPort()))) {
            Socket accepted = transport.accept(server);
            long start = System.nanoTime();
            CompletableFuture<ServerConversation.End> end = CompletableFuture.supplyAsync(() ->
                    ServerConversation.run(accepted, "test", Duration.ofMillis(500), (request, payload, writer) -> {
                    }));
            ByteArrayOutputStream hello = new ByteArrayOutputStream();
            new FrameWriter(hello).send(new Message.Hello(Message.VERSION, "slow"));
            // One byte every 50 ms: never silent for long, yet the hello would take seconds.
            for (byte b : hello.toByteArray()) {
                if (end.isDone()) {
                    break;
                }
                try {
                    client.getOutputStream().write(b);
                } catch (IOException e) {
                    break;
                }
                Thread.sleep(50);
            }

            ServerConversation.End ended = end.get(10, TimeUnit.SECONDS);
            assertThat(ended.kind()).isEqualTo(ServerConversation.EndKind.TIMEOUT);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
            assertThat(accepted.isClosed()).isTrue();
        }
    }

    @Test
    void clientHangingUpOnATlsConnectionWhileAnswersAreSentIsAnEndNotAFailure() throws Exception {
        Transport server = Transport.tls(new TlsLayer(NodeIdentity.generate("server")));
        Transport client = Transport.tls(new TlsLayer(NodeIdentity.generate("client")));
        try (ServerSocket listening = server.listen(InetAddress.getLoopbackAddress(), 0)) {
            CompletableFuture<ServerConversation.End> end = CompletableFuture.supplyAsync(() -> {
                try {
                    Socket accepted = server.handshake(server.accept(listening));
                    return ServerConversation.run(accepted, "test", Duration.ofSeconds(5), (request, payload, writer) -> {
                        // A downloader's pipeline of chunk answers, far more than the socket buffers hold.
                        for (int i = 0; i < 64; i++) {
                            writer.write(new Message.ChunkData(FileId.of("ab".repeat(32)), i), ByteBuffer.allocate(1024 * 1024));
                        }
                    });
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            Socket socket = client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), listening.getLocalPort()));
            FrameWriter writer = new FrameWriter(socket.getOutputStream());
            FrameReader reader = new FrameReader(socket.getInputStream());
            writer.send(new Message.Hello(Message.VERSION, "test"));
            reader.next();
            writer.send(new Message.Ping(1));
            reader.next();

            // As a downloader does when it cancels or has what it wanted: no goodbye, the TCP connection ends.
            SocketClose.abort(socket);

            ServerConversation.End ended = end.get(20, TimeUnit.SECONDS);
            assertThat(ended.kind()).as(ended.describe()).isIn(ServerConversation.EndKind.CLOSED,
                    ServerConversation.EndKind.NETWORK);
        }
    }

    @Test
    void conversationWithBuffersPerBurstAnswersABurstOverTlsInOrderWithLargeAnswersWhole() throws Exception {
        Transport server = Transport.tls(new TlsLayer(NodeIdentity.generate("server")));
        Transport client = Transport.tls(new TlsLayer(NodeIdentity.generate("client")));
        byte[] large = new byte[100_000];
        Arrays.fill(large, (byte) 7);
        try (ServerSocket listening = server.listen(InetAddress.getLoopbackAddress(), 0)) {
            CompletableFuture<ServerConversation.End> end = CompletableFuture.supplyAsync(() -> {
                try {
                    Socket accepted = server.handshake(server.accept(listening));
                    return ServerConversation.runWithBuffersPerBurst(accepted, "test", Duration.ofSeconds(5), 4096,
                            (request, payload, writer) -> {
                                int nonce = ((Message.Ping) request).nonce();
                                if (nonce == 2) {
                                    writer.write(new Message.ChunkData(FileId.of("ab".repeat(32)), 0), ByteBuffer.wrap(large));
                                }
                                writer.write(new Message.Pong(nonce));
                            });
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            try (Socket socket = client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                    listening.getLocalPort()))) {
                FrameWriter writer = new FrameWriter(socket.getOutputStream());
                FrameReader reader = new FrameReader(socket.getInputStream());
                writer.write(new Message.Hello(Message.VERSION, "test"));
                for (int nonce = 1; nonce <= 3; nonce++) {
                    writer.write(new Message.Ping(nonce));
                }
                writer.flush();

                assertThat(reader.next().message()).isInstanceOf(Message.Welcome.class);
                assertThat(reader.next().message()).isEqualTo(new Message.Pong(1));
                assertThat(reader.next().payloadLength()).isEqualTo(large.length);
                assertThat(reader.readPayload()).isEqualTo(large);
                assertThat(reader.next().message()).isEqualTo(new Message.Pong(2));
                assertThat(reader.next().message()).isEqualTo(new Message.Pong(3));
            }
            assertThat(end.get(10, TimeUnit.SECONDS).kind()).isIn(ServerConversation.EndKind.CLOSED,
                    ServerConversation.EndKind.NETWORK);
        }
    }

    @Test
    void whatTheOtherSideSentIsEscapedWhereAnEndIsDescribed() {
        ServerConversation.End end = new ServerConversation.End("10.0.0.2:51234", ServerConversation.EndKind.VIOLATION,
                new ProtocolException(ErrorCode.BAD_MESSAGE, "unknown message type 'x\u001b[2J\nforged line'"));

        assertThat(end.describe()).isEqualTo("closed connection from 10.0.0.2:51234: bad-message: unknown message type"
                + " 'x\\e[2J\\nforged line'");
    }

    @Test
    void clientTurnedAwayAtAdmissionGetsTheErrorInPlaceOfWelcomeAndNothingElse() throws Exception {
        try (ServerSocket server = transport.listen(InetAddress.getLoopbackAddress(), 0);
                Socket client = transport.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                        server.getLocalPort()))) {
            Socket accepted = transport.accept(server);
            CompletableFuture<ServerConversation.End> end = CompletableFuture.supplyAsync(() ->
                    ServerConversation.run(accepted, "test", Duration.ofSeconds(5), new ServerConversation.Responder() {
                        @Override
                        public void answer(Message request, byte[] payload, FrameWriter writer) {
                            throw new AssertionError("a client turned away is not answered");
                        }

                        @Override
                        public void admit() throws ProtocolException {
                            throw new ProtocolException(ErrorCode.NOT_ALLOWED, "not on the list");
                        }
                    }));
            FrameWriter requests = new FrameWriter(client.getOutputStream());
            requests.write(new Message.Hello(Message.VERSION, "test"));
            requests.send(new Message.Ping(1));
            FrameReader answers = new FrameReader(client.getInputStream());

            assertThat(answers.next().message()).isEqualTo(new Message.ErrorReply(ErrorCode.NOT_ALLOWED, "not on the list"));
            assertThatThrownBy(answers::next).isInstanceOf(EOFException.class);
            assertThat(end.get(10, TimeUnit.SECONDS).kind()).isEqualTo(ServerConversation.EndKind.VIOLATION);
        }
    }
}
