package dev.p2pshare.peer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.p2pshare.peer.Peer;
import dev.p2pshare.peer.PeerConfig;
import dev.p2pshare.peer.net.TrackerAddress;
import dev.p2pshare.protocol.tls.NodeIdentity;
import dev.p2pshare.protocol.transport.Endpoint;
import dev.p2pshare.tracker.Tracker;
import dev.p2pshare.tracker.TrackerConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The shell fed from a pipe: what each command prints, and the exit status of a script. */
@Timeout(60)
class ShellTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @TempDir
    Path temp;

    private Tracker tracker;
    private Peer alice;
    private Peer bob;

    /** What a script printed and how it ended. */
    private record Run(int status, String out, String err) {
    }

    @BeforeEach
    void start() throws Exception {
        tracker = Tracker.start(new TrackerConfig(InetAddress.getLoopbackAddress(), 0, Duration.ofSeconds(30),
                Duration.ofSeconds(1), Clock.systemUTC(), NodeIdentity.generate("tracker")));
        Path aliceFolder = Files.createDirectories(temp.resolve("alice"));
        Files.writeString(aliceFolder.resolve("notes.txt"), "hello\n");
        Files.writeString(aliceFolder.resolve("holiday photos.zip"), "zip zip zip");
        alice = start("alice");
        bob = start("bob");
    }

    private Peer start(String name) throws Exception {
        return Peer.start(new PeerConfig(Files.createDirectories(temp.resolve(name)),
                List.of(new TrackerAddress(new Endpoint("127.0.0.1", tracker.port()), Optional.empty())),
                0, name, Duration.ofSeconds(5), Duration.ofSeconds(2), Duration.ofSeconds(30), 0, 0, true),
                bytes -> { });
    }

    @AfterEach
    void stop() {
        alice.close();
        bob.close();
        tracker.close();
    }

    private Run script(Peer peer, String... lines) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        byte[] input = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
        int status = new Shell(peer, false).runPiped(new ByteArrayInputStream(input), new PrintWriter(out),
                new PrintWriter(err));
        return new Run(status, out.toString(), err.toString());
    }

    @Test
    void scriptOfSuccessfulCommandsExitsZero() throws Exception {
        Run run = script(bob, "search notes", "get #1", "files");
        assertThat(run.status()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).contains("#  ID            SIZE  SOURCES  PARTIAL  NAME")
                .contains("1  46720e88f936   6 B        1        0  notes.txt")
                .containsPattern("got notes\\.txt  6 B  in \\d+\\.\\d s  .+/s  from alice")
                .contains("46720e88f936   6 B  notes.txt");
        assertThat(temp.resolve("bob/notes.txt")).hasContent("hello");
    }

    @Test
    void oneFailedCommandMakesTheScriptExitOneButTheRestStillRuns() throws Exception {
        Run run = script(bob, "get no-such-thing", "get #2", "get holiday photos.zip");
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).contains("error: no file shared online is named 'no-such-thing'")
                .contains("error: there are no search results to pick #2 from; run 'search' first");
        assertThat(temp.resolve("bob/holiday photos.zip")).hasContent("zip zip zip");
    }

    @Test
    void quotedNamesWorkLikeInAShell() throws Exception {
        Run run = script(bob, "get 'holiday photos.zip' --as \"my photos.zip\"");
        assertThat(run.status()).isZero();
        assertThat(temp.resolve("bob/my photos.zip")).hasContent("zip zip zip");
    }

    @Test
    void unknownCommandsAndBadArgumentsAreUsageErrors() throws Exception {
        Run run = script(bob, "fetch notes.txt", "get", "search");
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).contains("error: unknown command 'fetch'; type 'help' to list the commands")
                .contains("usage: get [--as=NAME] TARGET...")
                .contains("usage: search WORD...");
    }

    @Test
    void commentsAndBlankLinesAreSkippedAndQuitStopsReading() throws Exception {
        Run run = script(bob, "# a comment", "", "quit", "get no-such-thing");
        assertThat(run.status()).isZero();
        assertThat(run.err()).isEmpty();
    }

    @Test
    void peersListsEveryoneAndMarksThisPeer() throws Exception {
        Run run = script(bob, "peers");
        assertThat(run.out()).containsPattern("alice\\s+[0-9a-f]{12}  127\\.0\\.0\\.1:\\d+\\s+2")
                .containsPattern("bob \\(you\\)\\s+[0-9a-f]{12}  127\\.0\\.0\\.1:\\d+\\s+0")
                .contains("2 peers online");
    }

    @Test
    void helpListsEveryCommand() throws Exception {
        Run run = script(bob, "help", "help get");
        assertThat(run.status()).isZero();
        assertThat(run.out()).contains("files", "peers", "search", "get", "status", "share", "help", "quit")
                .contains("--as=NAME");
    }

    @Test
    void statusShowsTrackerSharingAndDownloads() throws Exception {
        Run run = script(bob, "get notes.txt", "get nothing-like-this", "status");
        assertThat(run.out()).contains("peer       bob (")
                .contains("tracker    127.0.0.1:" + tracker.port() + ": connected")
                .contains("folder     " + temp.resolve("bob") + ": 1 file, 6 B")
                .contains("downloads  1 done")
                .containsPattern("  done\\s+100%\\s+6 B\\s+-  notes.txt");
    }

    @Test
    void shareCopiesIntoTheFolderAndAnnounces() throws Exception {
        Path outside = Files.writeString(temp.resolve("report.txt"), "numbers");
        Run run = script(bob, "share " + outside, "share " + outside);
        assertThat(run.status()).isZero();
        assertThat(run.out()).contains("shared report.txt  7 B  id ").contains("already shared: report.txt");
        assertThat(script(alice, "search report").out()).contains("report.txt");
    }

    @Test
    void filesSaysWhatToDoWhenNothingIsShared() throws Exception {
        assertThat(script(bob, "files").out()).contains("no files shared yet: put files in " + temp.resolve("bob"));
    }

    @Test
    void everyCommandPrintsOneLineOfJsonWithItsResultOrError() throws Exception {
        StringWriter out = new StringWriter();
        String script = String.join("\n", "search notes", "", "# a comment", "get #1", "files", "peers", "status",
                "get nothing-here", "fetch x", "get", "help search", "quit", "files") + "\n";
        int exit = new Shell(bob, false).runPipedJson(new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8)),
                new PrintWriter(out));

        assertThat(exit).as("a command failed, so the script exits 1").isEqualTo(1);
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.toString().lines().toList()) {
            lines.add(JSON.readTree(line));
        }
        assertThat(lines).extracting(line -> line.get("command").asText())
                .containsExactly("search", "get", "files", "peers", "status", "get", "fetch", "get", "help", "quit");

        JsonNode search = lines.get(0);
        assertThat(search.get("ok").asBoolean()).isTrue();
        assertThat(search.get("hits")).hasSize(1);
        assertThat(search.get("hits").get(0).get("name").asText()).isEqualTo("notes.txt");
        assertThat(search.get("hits").get(0).get("number").asInt()).isEqualTo(1);
        assertThat(search.get("hits").get(0).get("sources").asInt()).isEqualTo(1);

        JsonNode get = lines.get(1);
        assertThat(get.get("ok").asBoolean()).isTrue();
        assertThat(get.get("file").asText()).isEqualTo(temp.resolve("bob/notes.txt").toRealPath().toString());
        assertThat(get.get("size").asLong()).isEqualTo(6);
        assertThat(get.get("sources").get(0).asText()).isEqualTo("alice");
        assertThat(temp.resolve("bob/notes.txt")).hasContent("hello");

        assertThat(lines.get(2).get("count").asInt()).isEqualTo(1);
        assertThat(lines.get(2).get("files").get(0).get("id").asText()).isEqualTo(get.get("id").asText());
        assertThat(lines.get(3).get("peers")).hasSize(2);
        assertThat(lines.get(4).get("tracker").get("connected").asBoolean()).isTrue();
        assertThat(lines.get(4).get("sharedFiles").asInt()).isEqualTo(1);

        JsonNode missing = lines.get(5);
        assertThat(missing.get("ok").asBoolean()).isFalse();
        assertThat(missing.get("exit").asInt()).isEqualTo(1);
        assertThat(missing.get("error").asText()).startsWith("no file shared online is named 'nothing-here'");
        assertThat(lines.get(6).get("exit").asInt()).isEqualTo(2);
        assertThat(lines.get(6).get("error").asText()).contains("unknown command 'fetch'");
        assertThat(lines.get(7).get("usage").asText()).startsWith("get [--as=NAME] TARGET...");
        assertThat(lines.get(8).get("text").asText()).contains("search WORD...");
        assertThat(lines.get(9).get("ok").asBoolean()).isTrue();
    }

    @Test
    void messagingCommandsSayWhomTheyReached() throws Exception {
        Run run = script(bob, "msg alice hello there", "broadcast hi all", "ping alice", "ping -c 2 alice",
                "offer nothing.txt");

        assertThat(run.status()).as("the offer of a file bob lacks fails").isEqualTo(1);
        assertThat(run.out()).contains("sent to alice (" + alice.id().shortHex() + ")")
                .contains("sent to 1 peer")
                .containsPattern("pong from alice \\(" + alice.id().shortHex() + "\\) at 127\\.0\\.0\\.1:\\d+: round trip"
                        + " \\d+\\.\\d\\d, \\d+\\.\\d\\d, \\d+\\.\\d\\d ms \\(connecting took \\d+\\.\\d ms\\)")
                .containsPattern("round trip \\d+\\.\\d\\d, \\d+\\.\\d\\d ms");
        assertThat(run.err()).contains("error: no file shared here is named 'nothing.txt'");
    }

    @Test
    void aPipedShellPrintsTextsOffersAndArrivalsALineEachAsTheyCome() throws Exception {
        PipedOutputStream typing = new PipedOutputStream();
        PipedInputStream input = new PipedInputStream(typing);
        StringWriter out = new StringWriter();
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> runPiped(alice, input, out));
        Path mix = Files.writeString(temp.resolve("mix.txt"), "la la la");
        bob.sharing().share(mix);

        bob.messaging().sendText("alice", "hello alice");
        bob.messaging().broadcast("hello all");
        bob.messaging().offer("mix.txt");

        String from = "bob (" + bob.id().shortHex() + ")";
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(out.toString())
                .contains(from + " joined" + System.lineSeparator())
                .contains("message from " + from + ": hello alice" + System.lineSeparator())
                .contains("message to all from " + from + ": hello all" + System.lineSeparator())
                .containsPattern("offer from " + Pattern.quote(from) + ": mix\\.txt, 8 B; fetch it with: get [0-9a-f]{12}"));
        typing.close();
        assertThat(run.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isZero();
    }

    @Test
    void withJsonEachNoticeIsALineOfItsOwnWithAnEvent() throws Exception {
        PipedOutputStream typing = new PipedOutputStream();
        PipedInputStream input = new PipedInputStream(typing);
        StringWriter out = new StringWriter();
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> {
            try {
                return new Shell(alice, false).runPipedJson(input, new PrintWriter(out));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });

        bob.messaging().sendText("alice", "hello alice");

        await().atMost(PATIENCE).until(() -> out.toString().contains("hello alice"));
        typing.write("files\n".getBytes(StandardCharsets.UTF_8));
        typing.close();
        assertThat(run.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isZero();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.toString().lines().toList()) {
            lines.add(JSON.readTree(line));
        }
        assertThat(lines).extracting(line -> line.path("event").asText()).containsExactly("joined", "message", "");
        JsonNode message = lines.get(1);
        assertThat(message.get("from").asText()).isEqualTo("bob");
        assertThat(message.get("fromId").asText()).isEqualTo(bob.id().hex());
        assertThat(message.get("toAll").asBoolean()).isFalse();
        assertThat(message.get("text").asText()).isEqualTo("hello alice");
        assertThat(lines.get(2).get("command").asText()).isEqualTo("files");
    }

    private static int runPiped(Peer peer, InputStream input, StringWriter out) {
        try {
            return new Shell(peer, false).runPiped(input, new PrintWriter(out), new PrintWriter(new StringWriter()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
