package dev.p2pshare.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The RESP client against a scripted server: what it writes, and how it reads each kind of reply. */
@Timeout(30)
class RedisConnectionTest {

    @Test
    void writesACommandAsAnArrayOfBulkStrings() {
        assertThat(new String(RedisConnection.request("INFO", "stats"), StandardCharsets.UTF_8))
                .isEqualTo("*2\r\n$4\r\nINFO\r\n$5\r\nstats\r\n");
    }

    @Test
    void readsSimpleIntegerAndBulkReplies() throws Exception {
        List<String> replies = List.of("+OK\r\n", "+PONG\r\n", ":42\r\n", "$13\r\nused:1\r\nx:2\r\n\r\n");
        try (ScriptedServer server = new ScriptedServer(replies);
                RedisConnection connection = RedisConnection.open(server.port(), "secret")) {
            assertThat(connection.command("PING")).isEqualTo("PONG");
            assertThat(connection.command("DBSIZE")).isEqualTo("42");
            assertThat(connection.command("INFO", "stats")).isEqualTo("used:1\r\nx:2\r\n");
            connection.close();
            assertThat(server.received()).isEqualTo("*2\r\n$4\r\nAUTH\r\n$6\r\nsecret\r\n*1\r\n$4\r\nPING\r\n"
                    + "*1\r\n$6\r\nDBSIZE\r\n*2\r\n$4\r\nINFO\r\n$5\r\nstats\r\n");
        }
    }

    @Test
    void aRefusedPasswordFailsTheOpen() throws Exception {
        try (ScriptedServer server = new ScriptedServer(List.of("-WRONGPASS invalid username-password pair\r\n"))) {
            assertThatThrownBy(() -> RedisConnection.open(server.port(), "wrong")).isInstanceOf(IOException.class)
                    .hasMessage("redis-server refused AUTH: WRONGPASS invalid username-password pair");
        }
    }

    @Test
    void nilAndArraysAreNotValues() throws Exception {
        try (ScriptedServer server = new ScriptedServer(List.of("+OK\r\n", "$-1\r\n", "*0\r\n"));
                RedisConnection connection = RedisConnection.open(server.port(), "secret")) {
            assertThatThrownBy(() -> connection.command("GET", "k")).isInstanceOf(IOException.class)
                    .hasMessage("redis-server answered GET with nil");
            assertThatThrownBy(() -> connection.command("KEYS", "*")).isInstanceOf(IOException.class)
                    .hasMessage("redis-server answered KEYS with an unexpected reply: *0");
        }
    }

    @Test
    void aReplyCutShortIsAnError() throws Exception {
        try (ScriptedServer server = new ScriptedServer(List.of("+OK\r\n", "$10\r\nabc"));
                RedisConnection connection = RedisConnection.open(server.port(), "secret")) {
            assertThatThrownBy(() -> connection.command("INFO")).isInstanceOf(IOException.class)
                    .hasMessageContaining("closed the connection");
        }
    }

    /**
     * A server on 127.0.0.1 that takes one connection, answers each command it reads with the next
     * reply of its script, ends its output after the last, and keeps every byte it read.
     */
    private static final class ScriptedServer implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        private final CompletableFuture<String> received;

        ScriptedServer(List<String> replies) throws IOException {
            received = CompletableFuture.supplyAsync(() -> serve(replies));
        }

        int port() {
            return socket.getLocalPort();
        }

        String received() {
            return received.join();
        }

        private String serve(List<String> replies) {
            ByteArrayOutputStream read = new ByteArrayOutputStream();
            try (Socket connection = socket.accept()) {
                InputStream in = connection.getInputStream();
                OutputStream out = connection.getOutputStream();
                for (String reply : replies) {
                    readCommand(in, read);
                    out.write(reply.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
                connection.shutdownOutput();
                // Everything the client sends until it closes is kept.
                read.writeBytes(in.readAllBytes());
            } catch (IOException e) {
                throw new IllegalStateException("the scripted server failed", e);
            }
            return read.toString(StandardCharsets.UTF_8);
        }

        /** Reads one command: its {@code *N} line, then N pairs of length and value lines. */
        private static void readCommand(InputStream in, ByteArrayOutputStream read) throws IOException {
            int parts = Integer.parseInt(readLine(in, read).substring(1));
            for (int i = 0; i < 2 * parts; i++) {
                readLine(in, read);
            }
        }

        private static String readLine(InputStream in, ByteArrayOutputStream read) throws IOException {
            StringBuilder line = new StringBuilder();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new IOException("the client closed mid-command");
                }
                read.write(b);
                line.append((char) b);
            }
            read.write('\n');
            return line.toString().strip();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
