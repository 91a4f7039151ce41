package dev.p2pshare.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.p2pshare.peer.cli.Shell;
import dev.p2pshare.peer.net.TrackerAddress;
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
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JSON that scripts read, pinned field for field: every line the shell prints under
 * {@code --json} (each command's result, a failure, each kind of notice) and every answer of the
 * web API, reduced to its shape (field names, nesting, and the type of each value) and compared
 * with {@code golden/json-shapes.json}. Values vary from run to run; the fields must not.
 *
 * <p>Run with {@code -Dgolden.update=true} to write the file from the code, after a deliberate
 * change, and read the diff.
 */
@Timeout(120)
class JsonGoldenTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path GOLDEN = Path.of("src/test/resources/golden/json-shapes.json");
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path temp;

    private Tracker tracker;
    private Peer alice;
    private Peer bob;
    private WebServer bobWeb;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, JsonNode> shapes = new TreeMap<>();

    @BeforeEach
    void start() throws Exception {
        tracker = Tracker.start(new TrackerConfig(InetAddress.getLoopbackAddress(), 0, Duration.ofSeconds(30),
                Duration.ofSeconds(1), Clock.systemUTC(), NodeIdentity.generate("tracker")));
        Files.createDirectories(temp.resolve("alice"));
        Files.writeString(temp.resolve("alice").resolve("notes.txt"), "hello\n");
        alice = start("alice");
        bob = start("bob");
        bobWeb = WebServer.start(bob, 0, new RecentLog());
    }

    private Peer start(String name) throws Exception {
        return Peer.start(new PeerConfig(Files.createDirectories(temp.resolve(name)),
                List.of(new TrackerAddress(new Endpoint("127.0.0.1", tracker.port()), Optional.empty())),
                0, name, Duration.ofSeconds(5),
                Duration.ofSeconds(2), Duration.ofSeconds(30), 0, 0, true), bytes -> { });
    }

    @AfterEach
    void stop() {
        bobWeb.close();
        alice.close();
        bob.close();
        tracker.close();
    }

    @Test
    void theJsonOfTheShellAndOfTheWebApiKeepsItsFields() throws Exception {
        Path outside = Files.writeString(temp.resolve("outside.txt"), "from elsewhere\n");
        shell("peers", "search notes", "get #1", "files", "status", "share " + outside, "msg alice hi",
                "broadcast hi", "offer notes.txt", "ping alice -c 1", "limit down 2", "cancel nothing", "frobnicate",
                "get");

        web("GET", "state", null);
        web("GET", "peers", null);
        web("GET", "files", null);
        web("GET", "search?q=notes", null);
        Files.delete(temp.resolve("bob").resolve("notes.txt"));
        await().atMost(PATIENCE)
                .until(() -> bob.sharing().files().stream().noneMatch(file -> file.name().equals("notes.txt")));
        CompletableFuture<String> ended = firstEvent("ended");
        web("POST", "get", Map.of("target", "notes.txt"));
        shapes.put("web event ended", shape(JSON.readTree(ended.get(PATIENCE.toSeconds(), TimeUnit.SECONDS))));
        web("POST", "cancel", Map.of("target", "nothing"));
        web("POST", "share?name=uploaded.txt", "uploaded bytes");
        web("POST", "unshare", Map.of("file", "uploaded.txt"));
        web("POST", "msg", Map.of("to", "alice", "text", "hi"));
        web("POST", "broadcast", Map.of("text", "hi"));
        web("POST", "offer", Map.of("file", "notes.txt"));
        web("POST", "ping", Map.of("peer", "alice"));
        web("POST", "limits", Map.of("uploadLimit", 1048576));
        web("GET", "nothing", null);

        alice.messaging().sendText("bob", "hello bob");
        alice.messaging().offer("notes.txt");
        Peer carol = start("carol");
        carol.close();
        await().atMost(PATIENCE).until(() -> eventsSeen().containsAll(List.of("message", "offer", "joined", "left")));
        web("GET", "messages", null);
        web("GET", "log", null);

        compareWithGolden();
    }

    /** The data of the first event called {@code name} on the page's event stream, opened now. */
    private CompletableFuture<String> firstEvent(String name) throws Exception {
        String token = bobWeb.url().getQuery().substring("token=".length());
        HttpRequest request = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + bobWeb.port() + "/api/events?token=" + token)).build();
        HttpResponse<Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
        return CompletableFuture.supplyAsync(() -> {
            try (Stream<String> lines = response.body()) {
                Iterator<String> line = lines.iterator();
                while (line.hasNext()) {
                    if (line.next().equals("event: " + name) && line.hasNext()) {
                        return line.next().substring("data: ".length());
                    }
                }
                throw new IllegalStateException("the event stream ended before an '" + name + "' event");
            }
        });
    }

    private List<String> eventsSeen() throws Exception {
        List<String> events = new ArrayList<>();
        for (JsonNode notice : JSON.readTree(request("GET", "messages", null).body()).get("notices")) {
            events.add(notice.get("event").asText());
        }
        return events;
    }

    /** Runs {@code lines} as a script under {@code --json} and keeps the shape of each line. */
    private void shell(String... lines) throws Exception {
        StringWriter out = new StringWriter();
        byte[] input = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
        new Shell(bob, false).runPipedJson(new ByteArrayInputStream(input), new PrintWriter(out));
        for (String line : out.toString().lines().toList()) {
            JsonNode node = JSON.readTree(line);
            String key = node.has("event") ? "shell notice " + node.get("event").asText()
                    : "shell " + node.get("command").asText() + (node.get("ok").asBoolean() ? "" : " failed");
            shapes.put(key, shape(node));
        }
    }

    private void web(String method, String path, Object body) throws Exception {
        HttpResponse<String> response = request(method, path, body);
        shapes.put("web " + method + " " + path.replaceFirst("\\?.*", "") + " " + response.statusCode(),
                shape(JSON.readTree(response.body())));
    }

    private HttpResponse<String> request(String method, String path, Object body) throws Exception {
        String token = bobWeb.url().getQuery().substring("token=".length());
        HttpRequest.BodyPublisher content = body == null ? HttpRequest.BodyPublishers.noBody()
                : body instanceof String text ? HttpRequest.BodyPublishers.ofString(text)
                : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + bobWeb.port() + "/api/" + path))
                .header("X-P2pshare-Token", token).method(method, content).timeout(PATIENCE).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** {@code node} with every value replaced by its type, fields sorted, and each array's distinct element shapes. */
    private static JsonNode shape(JsonNode node) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        if (node.isObject()) {
            ObjectNode shaped = nodes.objectNode();
            Map<String, JsonNode> sorted = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
                Map.Entry<String, JsonNode> field = fields.next();
                sorted.put(field.getKey(), shape(field.getValue()));
            }
            sorted.forEach(shaped::set);
            return shaped;
        }
        if (node.isArray()) {
            ArrayNode shaped = nodes.arrayNode();
            List<JsonNode> distinct = new ArrayList<>();
            node.forEach(element -> distinct.add(shape(element)));
            distinct.stream().distinct().forEach(shaped::add);
            return shaped;
        }
        return nodes.textNode(Stream.of("string", "number", "boolean", "null")
                .filter(type -> switch (type) {
                    case "string" -> node.isTextual();
                    case "number" -> node.isNumber();
                    case "boolean" -> node.isBoolean();
                    default -> node.isNull();
                }).findFirst().orElseThrow());
    }

    private void compareWithGolden() throws Exception {
        ObjectNode actual = JSON.valueToTree(shapes);
        String actualText = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(actual) + "\n";
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(GOLDEN, actualText);
        }
        assertThat(actualText).isEqualTo(Files.readString(GOLDEN));
    }
}
