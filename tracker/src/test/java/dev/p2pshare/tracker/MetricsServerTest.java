package dev.p2pshare.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.p2pshare.protocol.FileEntry;
import dev.p2pshare.protocol.FileId;
import dev.p2pshare.protocol.Message;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The tracker's metrics over HTTP, read while real sessions use the tracker. */
@Timeout(60)
class MetricsServerTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Tracker tracker;
    private MetricsServer metrics;

    @BeforeEach
    void start() throws IOException {
        tracker = TestTrackers.onLoopback();
        metrics = MetricsServer.start(tracker.metrics(), 0);
    }

    @AfterEach
    void stop() {
        metrics.close();
        tracker.close();
    }

    @Test
    void countsPeersFilesSessionsRequestsByTypeAndOutcomeAndBytes() throws Exception {
        try (TrackerClient alice = TrackerClient.connect(tracker.port());
             TrackerClient bob = TrackerClient.connect(tracker.port())) {
            alice.hello();
            alice.register("alice", 7001, new FileEntry(FileId.of("ab".repeat(32)), "holiday.mp4", 1000),
                    new FileEntry(FileId.of("cd".repeat(32)), "notes.txt", 10));
            bob.hello();
            bob.register("bob", 7002);
            bob.request(new Message.Search("holiday", 10));
            bob.request(new Message.Search("notes", 10));
            Message refused = bob.request(new Message.Register("bob", 7002, List.of()));
            assertThat(refused).isInstanceOf(Message.ErrorReply.class);

            // The error reply is written before the request is counted; the count follows at once.
            String text = await().atMost(Duration.ofSeconds(10)).until(() -> get("/metrics").body(),
                    body -> body.contains("outcome=\"refused\""));
            assertThat(text)
                    .contains("p2pshare_tracker_peers 2.0")
                    .contains("p2pshare_tracker_files 2.0")
                    .contains("p2pshare_tracker_sessions 2.0")
                    .contains("p2pshare_tracker_requests_total{outcome=\"answered\",type=\"search\"} 2.0")
                    .contains("p2pshare_tracker_requests_total{outcome=\"answered\",type=\"register\"} 2.0")
                    .contains("p2pshare_tracker_requests_total{outcome=\"refused\",type=\"register\"} 1.0")
                    .contains("p2pshare_tracker_request_seconds_count{type=\"search\"} 2")
                    .containsPattern("p2pshare_tracker_request_seconds_bucket\\{type=\"search\",le=\"\\+Inf\"} 2")
                    .containsPattern("p2pshare_tracker_received_bytes_total [1-9][0-9.]*E?[0-9]*")
                    .containsPattern("p2pshare_tracker_sent_bytes_total [1-9][0-9.]*E?[0-9]*");

            JsonNode status = new ObjectMapper().readTree(get("/status").body());
            assertThat(status.get("peers").asInt()).isEqualTo(2);
            assertThat(status.get("files").asInt()).isEqualTo(2);
            assertThat(status.get("sessions").asInt()).isEqualTo(2);
            assertThat(status.get("requests").asLong()).isGreaterThanOrEqualTo(5);
            assertThat(status.get("refused").asLong()).isEqualTo(1);
            assertThat(status.get("receivedBytes").asLong()).isPositive();
            assertThat(status.get("id").asText()).isEqualTo(tracker.id().grouped());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> tracker.metrics().status().sessions() == 0);
        assertThat(get("/metrics").body()).contains("p2pshare_tracker_peers 0.0").contains("p2pshare_tracker_sessions 0.0");
    }

    @Test
    void answersOnlyGetOnItsTwoPathsAndOnlyOnLoopback() throws Exception {
        assertThat(get("/metrics").headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("text/plain; version=0.0.4"));
        assertThat(get("/status").headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(get("/").statusCode()).isEqualTo(404);
        assertThat(get("/metrics/../admin").statusCode()).isEqualTo(404);
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(uri("/metrics"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
        assertThat(InetAddress.getByName("127.0.0.1").isLoopbackAddress()).isTrue();
        try (Socket elsewhere = new Socket()) {
            // Bound to 127.0.0.1 only: another local address of this machine is refused.
            assertThat(tryConnect(elsewhere, InetAddress.getByName("127.0.0.2"))).isFalse();
        }
    }

    private boolean tryConnect(Socket socket, InetAddress address) {
        try {
            socket.connect(new InetSocketAddress(address, metrics.port()), 2000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + metrics.port() + path);
    }
}
