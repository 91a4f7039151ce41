package dev.p2pshare.peer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.p2pshare.peer.Peer;
import dev.p2pshare.peer.PeerConfig;
import dev.p2pshare.peer.RecentLog;
import dev.p2pshare.peer.net.TrackerAddress;
import dev.p2pshare.peer.reference.Kind;
import dev.p2pshare.peer.web.WebServer;
import dev.p2pshare.protocol.tls.NodeIdentity;
import dev.p2pshare.protocol.transport.Endpoint;
import dev.p2pshare.tracker.Tracker;
import dev.p2pshare.tracker.TrackerConfig;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every command that names one thing, in the shell and on the web page, reads the same spellings
 * (exact name, id prefix of 6 digits, capitals, the grouped form) and fails with the same "none"
 * message: a table of command by spelling.
 */
@Timeout(120)
class ReferenceSpellingsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FILE = "notes.txt";

    @TempDir
    static Path temp;

    private static Tracker tracker;
    private static Peer alice;
    private static Peer bob;
    private static WebServer aliceWeb;
    private static WebServer bobWeb;
    private static String fileId;
    private static String aliceId;

    /** One way of writing a reference, from the thing's name and id. */
    private enum Spelling {
        NAME((name, id) -> name),
        SIX_DIGITS((name, id) -> id.substring(0, 6)),
        CAPITALS((name, id) -> id.substring(0, 8).toUpperCase()),
        GROUPED((name, id) -> id.substring(0, 8) + "-" + id.substring(8, 12)),
        WHOLE_ID((name, id) -> id);

        private final BiFunction<String, String, String> spell;

        Spelling(BiFunction<String, String, String> spell) {
            this.spell = spell;
        }
    }

    @BeforeAll
    static void start() throws Exception {
        tracker = Tracker.start(new TrackerConfig(InetAddress.getLoopbackAddress(), 0, Duration.ofSeconds(30),
                Duration.ofSeconds(1), Clock.systemUTC(), NodeIdentity.generate("tracker")));
        Files.createDirectories(temp.resolve("alice"));
        Files.writeString(temp.resolve("alice").resolve(FILE), "hello\n");
        alice = start("alice");
        bob = start("bob");
        aliceWeb = WebServer.start(alice, 0, new RecentLog());
        bobWeb = WebServer.start(bob, 0, new RecentLog());
        fileId = alice.sharing().files().get(0).id().hex();
        aliceId = alice.id().hex();
    }

    private static Peer start(String name) throws Exception {
        return Peer.start(new PeerConfig(Files.createDirectories(temp.resolve(name)),
                List.of(new TrackerAddress(new Endpoint("127.0.0.1", tracker.port()), Optional.empty())),
                0, name, Duration.ofSeconds(5),
                Duration.ofSeconds(2), Duration.ofSeconds(30), 0, 0, true), bytes -> { });
    }

    @AfterAll
    static void stop() {
        aliceWeb.close();
        bobWeb.close();
        alice.close();
        bob.close();
        tracker.close();
    }

    static Stream<Arguments> spellings() {
        return Stream.of(Spelling.values()).map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("spellings")
    void everyShellCommandReadsTheSpelling(Spelling spelling) throws Exception {
        String file = spelling.spell.apply(FILE, fileId);
        String peer = spelling.spell.apply("alice", aliceId);

        assertSucceeds(bob, "get " + file);
        assertThat(temp.resolve("bob").resolve(FILE)).hasContent("hello");
        assertSucceeds(alice, "offer " + file);
        assertSucceeds(bob, "msg " + peer + " hello");
        assertSucceeds(bob, "ping " + peer + " -c 1");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("spellings")
    void everyWebRequestReadsTheSpelling(Spelling spelling) throws Exception {
        String file = spelling.spell.apply(FILE, fileId);
        String peer = spelling.spell.apply("alice", aliceId);

        await().atMost(Duration.ofSeconds(30)).until(() -> bob.fetching().background().running().isEmpty());
        assertThat(post(bobWeb, "get", Map.of("target", file))).startsWith("200 ").contains(fileId);
        assertThat(post(aliceWeb, "offer", Map.of("file", file))).startsWith("200 ");
        assertThat(post(bobWeb, "msg", Map.of("to", peer, "text", "hello"))).startsWith("200 ").contains(aliceId);
        assertThat(post(bobWeb, "ping", Map.of("peer", peer))).startsWith("200 ").contains(aliceId);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("spellings")
    void whatNamesNothingGetsTheSameMessageFromEveryCommand(Spelling spelling) throws Exception {
        // An id no one has, spelt the same way; for the name spelling, a name no one has.
        String nothing = spelling.spell.apply("nothing-by-this-name", "ddd0ddd0dd" + "d".repeat(54));
        String shown = nothing.strip();

        assertFails(bob, "get " + nothing, Kind.ONLINE_FILE.none(shown));
        assertFails(bob, "cancel " + nothing, Kind.RUNNING_DOWNLOAD.none(shown));
        assertFails(alice, "offer " + nothing, Kind.SHARED_FILE.none(shown));
        assertFails(bob, "msg " + nothing + " hello", Kind.ONLINE_PEER.none(shown));
        assertFails(bob, "ping " + nothing, Kind.ONLINE_PEER.none(shown));

        assertThat(post(bobWeb, "get", Map.of("target", nothing))).isEqualTo(error(Kind.ONLINE_FILE.none(shown)));
        assertThat(post(bobWeb, "cancel", Map.of("target", nothing)))
                .isEqualTo(error(Kind.RUNNING_DOWNLOAD.none(shown)));
        assertThat(post(aliceWeb, "offer", Map.of("file", nothing))).isEqualTo(error(Kind.SHARED_FILE.none(shown)));
        assertThat(post(aliceWeb, "unshare", Map.of("file", nothing))).isEqualTo(error(Kind.SHARED_FILE.none(shown)));
        assertThat(post(bobWeb, "msg", Map.of("to", nothing, "text", "hi"))).isEqualTo(error(Kind.ONLINE_PEER.none(shown)));
        assertThat(post(bobWeb, "ping", Map.of("peer", nothing))).isEqualTo(error(Kind.ONLINE_PEER.none(shown)));
    }

    /** What a one-line script printed and how it ended. */
    private record Run(int status, String out, String err) {
    }

    private static void assertSucceeds(Peer peer, String line) throws Exception {
        Run run = script(peer, line);
        assertThat(run.status()).as("exit status of '%s'; out: %s; err: %s", line, run.out(), run.err()).isZero();
    }

    private static void assertFails(Peer peer, String line, String message) throws Exception {
        Run run = script(peer, line);
        assertThat(run.status()).as("exit status of '%s'; out: %s", line, run.out()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("error: " + message + System.lineSeparator());
    }

    /** Runs {@code line} as a one-line script. */
    private static Run script(Peer peer, String line) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = new Shell(peer, false).runPiped(
                new ByteArrayInputStream((line + "\n").getBytes(StandardCharsets.UTF_8)), new PrintWriter(out),
                new PrintWriter(err));
        return new Run(status, out.toString(), err.toString());
    }

    /** The status code and body of a web API request, as "CODE BODY". */
    private static String post(WebServer web, String action, Map<String, String> body) throws Exception {
        String token = web.url().getQuery().substring("token=".length());
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + web.port() + "/api/" + action))
                .header("X-P2pshare-Token", token)
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .timeout(Duration.ofSeconds(30))
                .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }

    private static String error(String message) throws Exception {
        return "400 " + JSON.writeValueAsString(Map.of("error", message));
    }
}
