package dev.p2pshare.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.p2pshare.protocol.ErrorCode;
import dev.p2pshare.protocol.FrameReader;
import dev.p2pshare.protocol.Message;
import dev.p2pshare.protocol.testkit.JarProcess;
import dev.p2pshare.protocol.tls.NodeIdentity;
import dev.p2pshare.protocol.tls.TlsLayer;
import dev.p2pshare.protocol.transport.Transport;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped jars, logging at debug, facing names and texts made to take over a terminal: files
 * in a shared folder whose names hold escape sequences, line breaks and bidirectional controls, and
 * a node that sends such text to the tracker and to a peer in every field it can. Nothing of it
 * reaches any output raw, and every line the tracker and the seeder write to standard error is one
 * whole log line.
 */
@Timeout(180)
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "file names with control characters, and kill -TERM")
class EscapedOutputIT {

    /** Characters that act on a terminal or break a line: C0 and C1 controls, DEL, bidi controls, separators. */
    private static final Pattern UNSAFE = Pattern.compile(
            "[\\x00-\\x1f\\x7f-\\x9f\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069\\u2028\\u2029]");

    /** A line as the programs log it: time, level, logger, message. */
    private static final Pattern LOG_LINE = Pattern.compile("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} (TRACE|DEBUG|INFO|WARN|ERROR) \\S+ - .*");

    @TempDir
    Path temp;

    private JarNetwork network;

    @AfterEach
    void stop() {
        network.close();
    }

    @Test
    void namesAndTextsThatCouldTakeOverATerminalReachNoOutputRaw() throws Exception {
        network = new JarNetwork(temp);
        JarProcess tracker = network.startTracker("--port", "0", "--verbose");
        Path odd = Files.createDirectories(temp.resolve("odd"));
        for (String name : List.of("red\u001b[31malert.txt", "two\nlines.txt", "carriage\rreturn.txt",
                "invoice\u202Efdp.exe", "csi\u009b2J.txt", "line\u2028separator.txt")) {
            Files.writeString(odd.resolve(name), name);
        }
        Files.writeString(odd.resolve("plain.txt"), "plain\n");
        JarProcess seeder = network.startPeer("odd", "--serve", "--verbose", "--name", "seeder");
        int seederPort = seeder.awaitListeningPort();
        // A folder that appears while the seeder runs is announced with its path in the log.
        Files.writeString(Files.createDirectories(odd.resolve("sub\u001b]0;owned\u0007dir")).resolve("inside.txt"), "z");

        speakHostilely(network.trackerPort(), "{\"type\":\"hello\",\"version\":1,\"agent\":\"evil\\u001b[2J\"}");
        speakHostilely(network.trackerPort(), hello(), "{\"type\":\"x\\u001b[2J\\nforged line\"}");
        speakHostilely(network.trackerPort(), hello(),
                "{\"type\":\"register\",\"name\":\"mallory\\u001b[31m\\u202e\",\"port\":9,\"files\":[]}");
        speakHostilely(network.trackerPort(), hello(), "{\"type\":\"register\",\"name\":\"mallory\",\"port\":9,"
                + "\"files\":[]}", "{\"type\":\"broadcast-text\",\"text\":\"lone \\ud800 \\u2028 forged\"}");
        speakHostilely(seederPort, hello(), "{\"type\":\"evil\\u001b]0;owned\\u0007\\r\\nforged\"}");
        JarProcess downloader = network.script("downloads", "search plain", "get plain.txt", "peers", "files");

        await().atMost(JarNetwork.PATIENCE).until(() -> seeder.err().contains("evil\\e]0;owned\\u0007\\r\\nforged")
                && seeder.err().contains("sharing sub\\e]0;owned\\u0007dir/inside.txt")
                && tracker.err().contains("x\\e[2J\\nforged line"));
        // SIGTERM by the system's kill, so that what the programs print as they stop is read to the end.
        seeder.signal("TERM");
        tracker.signal("TERM");
        assertThat(seeder.exitStatus(JarNetwork.PATIENCE)).isZero();
        assertThat(tracker.exitStatus(JarNetwork.PATIENCE)).isZero();

        assertThat(downloader.exitStatus(JarNetwork.PATIENCE)).as(downloader.toString()).isZero();
        assertThat(temp.resolve("downloads/plain.txt")).hasContent("plain");
        for (JarProcess process : List.of(tracker, seeder, downloader)) {
            assertThat(Stream.concat(process.out().lines(), process.err().lines())).as("every line %s printed", process)
                    .isNotEmpty().noneMatch(line -> UNSAFE.matcher(line).find() || hasUnpairedSurrogate(line));
        }
        for (JarProcess process : List.of(tracker, seeder)) {
            assertThat(process.err().lines()).as("standard error of %s: whole log lines only", process)
                    .isNotEmpty().allMatch(line -> LOG_LINE.matcher(line).matches());
        }
        assertThat(seeder.err())
                .contains("not sharing " + odd.toRealPath() + "/red\\e[31malert.txt")
                .contains("/two\\nlines.txt")
                .contains("/carriage\\rreturn.txt")
                .contains("/invoice\\u202Efdp.exe")
                .contains("/csi\\u009B2J.txt")
                .contains("/line\\u2028separator.txt");
        assertThat(tracker.err()).contains("agent cannot contain").contains("a peer name cannot contain")
                .contains("unpaired surrogate");
    }

    private static boolean hasUnpairedSurrogate(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < line.length() && Character.isLowSurrogate(line.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    /** A {@code hello} any server accepts. */
    private static String hello() {
        return "{\"type\":\"hello\",\"version\":1,\"agent\":\"mallory\"}";
    }

    /**
     * Connects to the server on {@code port} as a new node and sends each header, as given, in a
     * frame of its own, reading an answer to each until the server closes the connection.
     */
    private static void speakHostilely(int port, String... headers) throws IOException {
        Transport mallory = Transport.tls(new TlsLayer(NodeIdentity.generate("mallory")));
        try (Socket socket = mallory.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
            OutputStream out = socket.getOutputStream();
            FrameReader reader = new FrameReader(socket.getInputStream());
            Message answer = null;
            for (String header : headers) {
                byte[] json = header.getBytes(StandardCharsets.UTF_8);
                out.write(ByteBuffer.allocate(8).putInt(json.length).putInt(0).array());
                out.write(json);
                out.flush();
                answer = reader.next().message();
            }
            assertThat(answer).as("the last header is refused").isInstanceOfSatisfying(Message.ErrorReply.class,
                    refused -> assertThat(refused.code()).isEqualTo(ErrorCode.BAD_MESSAGE));
        }
    }
}
