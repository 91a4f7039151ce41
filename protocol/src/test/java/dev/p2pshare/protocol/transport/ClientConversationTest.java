package dev.p2pshare.protocol.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.p2pshare.protocol.ErrorCode;
import dev.p2pshare.protocol.FrameReader;
import dev.p2pshare.protocol.FrameWriter;
import dev.p2pshare.protocol.Message;
import dev.p2pshare.protocol.ProtocolException;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The client side of a conversation, against a scripted server and against {@link ServerConversation}. */
@Timeout(30)
class ClientConversationTest {

    private static final ClientConversation.VersionMismatch MISMATCH = (theirs, ours) ->
            new ProtocolException(ErrorCode.UNSUPPORTED_VERSION, "they speak " + theirs + ", we speak " + ours);

    /** What a scripted server does on its end of the connection. */
    private interface Script {
        void play(Socket socket, FrameReader reader, FrameWriter writer) throws Exception;
    }

    private final Transport transport = Transport.plaintext();
    private ServerSocket listening;
    private final CompletableFuture<Void> played = new CompletableFuture<>();
    private ClientConversation client;

    @AfterEach
    void closeAll() throws Exception {
        if (client != null) {
            client.close();
        }
        if (listening != null) {
            listening.close();
        }
    }

    /** A conversation with a server that plays {@code script} on the one connection it accepts. */
    private ClientConversation connectToScript(Script script) throws IOException {
        listening = transport.listen(InetAddress.getLoopbackAddress(), 0);
        Thread server = new Thread(() -> {
            try (Socket socket = transport.accept(listening)) {
                script.play(socket, new FrameReader(socket.getInputStream()), new FrameWriter(socket.getOutputStream()));
                played.complete(null);
            } catch (Exception e) {
                played.completeExceptionally(e);
            }
        }, "scripted-server");
        server.setDaemon(true);
        server.start();
        client = ClientConversation.over(transport.connect(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), listening.getLocalPort())));
        return client;
    }

    /** A conversation with a {@link ServerConversation} that answers with {@code responder}. */
    private ClientConversation connectToServer(ServerConversation.Responder responder) throws IOException {
        return connectToScript((socket, reader, writer) -> ServerConversation.run(socket, "test", Duration.ofSeconds(5),
                responder));
    }

    /** Answers every ping with its pong. */
    private static void pong(Message request, byte[] payload, FrameWriter writer) throws IOException {
        if (!(request instanceof Message.Ping ping)) {
            throw new ProtocolException(ErrorCode.NOT_FOUND, "only pings here");
        }
        writer.write(new Message.Pong(ping.nonce()));
    }

    @Test
    void handshakeSaysHelloAsTheAgentAndReturnsTheWelcome() throws Exception {
        CompletableFuture<Message> hello = new CompletableFuture<>();
        ClientConversation conversation = connectToScript((socket, reader, writer) -> {
            hello.complete(reader.next().message());
            writer.send(new Message.Welcome(Message.VERSION, "server 1.0"));
        });

        Message.Welcome welcome = conversation.handshake("client 2.0", MISMATCH);

        assertThat(welcome).isEqualTo(new Message.Welcome(Message.VERSION, "server 1.0"));
        assertThat(hello.get(10, TimeUnit.SECONDS)).isEqualTo(new Message.Hello(Message.VERSION, "client 2.0"));
    }

    @Test
    void welcomeOfAnotherVersionFailsInTheCallersWords() throws Exception {
        ClientConversation conversation = connectToScript((socket, reader, writer) -> {
            reader.next();
            writer.send(new Message.Welcome(Message.VERSION + 1, "from the future"));
        });

        assertThatThrownBy(() -> conversation.handshake("test", MISMATCH))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_VERSION))
                .hasMessage("they speak " + (Message.VERSION + 1) + ", we speak " + Message.VERSION);
    }

    @Test
    void welcomeOfAnotherVersionFailsInTheCallersWordsWithinALimitToo() throws Exception {
        ClientConversation conversation = connectToScript((socket, reader, writer) -> {
            reader.next();
            writer.send(new Message.Welcome(Message.VERSION + 1, "from the future"));
        });

        assertThatThrownBy(() -> conversation.handshake("test", Duration.ofSeconds(10), MISMATCH))
                .hasMessage("they speak " + (Message.VERSION + 1) + ", we speak " + Message.VERSION);
    }

    @Test
    void errorInPlaceOfTheWelcomeIsAnErrorReply() throws Exception {
        ClientConversation conversation = connectToScript((socket, reader, writer) -> {
            reader.next();
            writer.send(new Message.ErrorReply(ErrorCode.NOT_ALLOWED, "not on the list"));
        });

        assertThatThrownBy(() -> conversation.handshake("test", MISMATCH))
                .isInstanceOfSatisfying(ErrorReplyException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_ALLOWED))
                .hasMessage("not on the list");
    }

    @Test
    void serverClosingInsteadOfWelcomingIsTheEndOfTheStream() throws Exception {
        ClientConversation conversation = connectToScript((socket, reader, writer) -> reader.next());

        assertThatThrownBy(() -> conversation.handshake("test", MISMATCH)).isInstanceOf(EOFException.class);
    }

    @Test
    void silentServerIsGivenUpAtTheLimitAndTheConnectionEnded() throws Exception {
        CompletableFuture<Void> hungUp = new CompletableFuture<>();
        ClientConversation conversation = connectToScript((socket, reader, writer) -> {
            reader.next();
            assertThatThrownBy(reader::next).isInstanceOf(IOException.class);
            hungUp.complete(null);
        });
        long start = System.nanoTime();

        assertThatThrownBy(() -> conversation.handshake("test", Duration.ofMillis(300), MISMATCH))
                .isInstanceOf(SocketTimeoutException.class)
                .hasMessage("the welcome took longer than 300 ms");

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        hungUp.get(10, TimeUnit.SECONDS);
    }

    @Test
    void askReturnsTheAnswerOfTheTypeAsked() throws Exception {
        ClientConversation conversation = connectToServer(ClientConversationTest::pong);
        conversation.handshake("test", MISMATCH);

        assertThat(conversation.ask(new Message.Ping(7), Message.Pong.class)).isEqualTo(new Message.Pong(7));
        assertThat(conversation.ask(new Message.Ping(8), Message.Pong.class)).isEqualTo(new Message.Pong(8));
    }

    @Test
    void refusedRequestIsAnErrorReplyAndTheConversationGoesOn() throws Exception {
        ClientConversation conversation = connectToServer(ClientConversationTest::pong);
        conversation.handshake("test", MISMATCH);

        assertThatThrownBy(() -> conversation.ask(new Message.Heartbeat(), Message.Ok.class))
                .isInstanceOfSatisfying(ErrorReplyException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND))
                .hasMessage("only pings here");
        assertThat(conversation.ask(new Message.Ping(9), Message.Pong.class)).isEqualTo(new Message.Pong(9));
    }

    @Test
    void answerOfAnotherTypeIsUnexpected() throws Exception {
        ClientConversation conversation = connectToServer(ClientConversationTest::pong);
        conversation.handshake("test", MISMATCH);

        assertThatThrownBy(() -> conversation.ask(new Message.Ping(1), Message.Ok.class))
                .isInstanceOfSatisfying(ProtocolException.class, e -> {
                    assertThat(e).isNotInstanceOf(ErrorReplyException.class);
                    assertThat(e.code()).isEqualTo(ErrorCode.UNEXPECTED_MESSAGE);
                })
                .hasMessage("answered with 'pong', not 'ok'");
    }

    @Test
    void serverClosingInsteadOfAnsweringIsTheEndOfTheStream() throws Exception {
        ClientConversation conversation = connectToScript((socket, reader, writer) -> {
            reader.next();
            writer.send(new Message.Welcome(Message.VERSION, "test"));
            reader.next();
        });
        conversation.handshake("test", MISMATCH);

        assertThatThrownBy(() -> conversation.ask(new Message.Ping(1), Message.Pong.class))
                .isInstanceOf(EOFException.class);
        played.get(10, TimeUnit.SECONDS);
    }

    @Test
    void abortFromAnotherThreadEndsAReadBlockedOnTheConnection() throws Exception {
        CompletableFuture<Message> asked = new CompletableFuture<>();
        ClientConversation conversation = connectToScript((socket, reader, writer) -> {
            reader.next();
            writer.send(new Message.Welcome(Message.VERSION, "test"));
            asked.complete(reader.next().message());
            assertThatThrownBy(reader::next).isInstanceOf(IOException.class);
        });
        conversation.handshake("test", MISMATCH);
        CompletableFuture<Message.Pong> pong = CompletableFuture.supplyAsync(() -> {
            try {
                return conversation.ask(new Message.Ping(1), Message.Pong.class);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        asked.get(10, TimeUnit.SECONDS);

        conversation.abort();

        assertThatThrownBy(() -> pong.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(UncheckedIOException.class);
        played.get(10, TimeUnit.SECONDS);
    }
}
