package dev.p2pshare.peer.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.p2pshare.peer.Peer;
import dev.p2pshare.peer.PeerConfig;
import dev.p2pshare.peer.RecentLog;
import dev.p2pshare.peer.net.TrackerAddress;
import dev.p2pshare.protocol.tls.NodeIdentity;
import dev.p2pshare.protocol.transport.Endpoint;
import dev.p2pshare.tracker.Tracker;
import dev.p2pshare.tracker.TrackerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web server's doors, request by request as raw HTTP: the token, the host and origin checks,
 * no CORS, and errors as JSON.
 */
@Timeout(60)
class WebServerTest {

    @TempDir
    Path temp;

    private Tracker tracker;
    private Peer peer;
    private WebServer web;
    private String token;

    @BeforeEach
    void start() throws Exception {
        tracker = Tracker.start(new TrackerConfig(InetAddress.getLoopbackAddress(), 0, Duration.ofSeconds(30),
                Duration.ofSeconds(1), Clock.systemUTC(), NodeIdentity.generate("tracker")));
        peer = Peer.start(new PeerConfig(Files.createDirectories(temp.resolve("alice")),
                List.of(new TrackerAddress(new Endpoint("127.0.0.1", tracker.port()), Optional.empty())),
                0, "alice", Duration.ofSeconds(5),
                Duration.ofSeconds(2), Duration.ofSeconds(30), 0, 0, true), bytes -> { });
        web = WebServer.start(peer, 0, new RecentLog());
        token = web.url().getQuery().substring("token=".length());
    }

    @AfterEach
    void stop() {
        web.close();
        peer.close();
        tracker.close();
    }

    @Test
    void theAddressIsOnLoopbackWithALongRandomToken() {
        assertThat(web.url().toString()).startsWith("http://127.0.0.1:" + web.port() + "/?token=");
        assertThat(token).matches("[A-Za-z0-9_-]{32}");
        WebServer another = null;
        try {
            another = WebServer.start(peer, 0, new RecentLog());
            assertThat(another.url()).isNotEqualTo(web.url());
        } catch (IOException e) {
            throw new AssertionError(e);
        } finally {
            if (another != null) {
                another.close();
            }
        }
    }

    @Test
    void thePageAndTheApiNeedTheToken() throws IOException {
        assertThat(request("GET / HTTP/1.1", host())).startsWith("HTTP/1.1 401").contains("This page needs its key");
        assertThat(request("GET /?token=" + token + " HTTP/1.1", host())).startsWith("HTTP/1.1 200")
                .contains("<title>p2pshare</title>");
        assertThat(request("GET /api/state HTTP/1.1", host())).startsWith("HTTP/1.1 401")
                .contains("the token is missing or wrong");
        assertThat(request("GET /api/state HTTP/1.1", host(), "X-P2pshare-Token: x" + token)).startsWith("HTTP/1.1 401");
        assertThat(request("GET /api/events HTTP/1.1", host())).startsWith("HTTP/1.1 401");
        assertThat(request("GET /api/state HTTP/1.1", host(), tokenHeader())).startsWith("HTTP/1.1 200")
                .contains("\"name\":\"alice\"");
    }

    @Test
    void anotherHostOrAnotherPagesOriginIsRefusedAndNothingAllowsCrossOriginReading() throws IOException {
        assertThat(request("GET /api/state HTTP/1.1", "Host: rebound.example:" + web.port(), tokenHeader()))
                .startsWith("HTTP/1.1 403");
        assertThat(request("POST /api/broadcast HTTP/1.1", host(), tokenHeader(), "Origin: http://evil.example",
                "", "{\"text\":\"spam\"}")).startsWith("HTTP/1.1 403");
        String allowed = request("GET /api/state HTTP/1.1", host(), tokenHeader(),
                "Origin: http://127.0.0.1:" + web.port());
        assertThat(allowed).startsWith("HTTP/1.1 200").doesNotContainIgnoringCase("Access-Control-Allow");
        assertThat(request("OPTIONS /api/broadcast HTTP/1.1", host(), "Origin: http://evil.example",
                "Access-Control-Request-Method: POST")).startsWith("HTTP/1.1 403")
                .doesNotContainIgnoringCase("Access-Control-Allow");
    }

    @Test
    void badRequestsAreAnsweredWithAnErrorInJson() throws IOException {
        assertThat(request("POST /api/msg HTTP/1.1", host(), tokenHeader(), "", "not json!"))
                .startsWith("HTTP/1.1 400").contains("\"error\":\"the request is not JSON");
        assertThat(request("POST /api/msg HTTP/1.1", host(), tokenHeader(), "", "{\"to\":\"x\"}"))
                .startsWith("HTTP/1.1 400").contains("the request needs 'text'");
        assertThat(request("POST /api/msg HTTP/1.1", host(), tokenHeader(), "",
                "{\"to\":\"nobody\",\"text\":\"hi\"}")).startsWith("HTTP/1.1 400")
                .contains("no online peer is named 'nobody'");
        assertThat(request("POST /api/share?name=.. HTTP/1.1", host(), tokenHeader(), "", "x"))
                .startsWith("HTTP/1.1 400").contains("cannot share a file named '..'");
        assertThat(request("POST /api/share?name=..%2Fescape.txt HTTP/1.1", host(), tokenHeader(), "", "x"))
                .startsWith("HTTP/1.1 400");
        assertThat(temp.resolve("escape.txt")).doesNotExist();
        assertThat(request("GET /api/nothing HTTP/1.1", host(), tokenHeader())).startsWith("HTTP/1.1 404");
    }

    @Test
    void theLimitsChangeThroughTheApiAndTheStateShowsThem() throws IOException {
        assertThat(request("POST /api/limits HTTP/1.1", host(), tokenHeader(), "", "{\"downloadLimit\":524288}"))
                .startsWith("HTTP/1.1 200").contains("{\"uploadLimit\":0,\"downloadLimit\":524288}");
        assertThat(request("POST /api/limits HTTP/1.1", host(), tokenHeader(), "",
                "{\"uploadLimit\":2097152,\"downloadLimit\":0}")).startsWith("HTTP/1.1 200")
                .contains("{\"uploadLimit\":2097152,\"downloadLimit\":0}");
        assertThat(peer.rateLimits().upload()).isEqualTo(2097152);
        assertThat(peer.rateLimits().download()).isZero();
        assertThat(request("GET /api/state HTTP/1.1", host(), tokenHeader()))
                .contains("\"uploadLimit\":2097152,\"downloadLimit\":0,");

        assertThat(request("POST /api/limits HTTP/1.1", host(), tokenHeader(), "", "{}")).startsWith("HTTP/1.1 400")
                .contains("the request needs 'uploadLimit', 'downloadLimit' or both");
        assertThat(request("POST /api/limits HTTP/1.1", host(), tokenHeader(), "", "{\"uploadLimit\":-1}"))
                .startsWith("HTTP/1.1 400").contains("'uploadLimit' is a whole number of bytes per second");
        assertThat(request("POST /api/limits HTTP/1.1", host(), tokenHeader(), "", "{\"downloadLimit\":\"1\"}"))
                .startsWith("HTTP/1.1 400").contains("'downloadLimit' is a whole number of bytes per second");
        assertThat(request("POST /api/limits HTTP/1.1", host(), tokenHeader(), "", "{\"uploadLimit\":1.5}"))
                .startsWith("HTTP/1.1 400");
        assertThat(peer.rateLimits().upload()).isEqualTo(2097152);
    }

    private String host() {
        return "Host: 127.0.0.1:" + web.port();
    }

    private String tokenHeader() {
        return "X-P2pshare-Token: " + token;
    }

    /**
     * Sends the request line and headers in {@code lines}, then, after an empty line, the body if
     * one follows; returns the whole answer.
     */
    private String request(String... lines) throws IOException {
        List<String> all = List.of(lines);
        int blank = all.indexOf("");
        List<String> head = blank < 0 ? all : all.subList(0, blank);
        String body = blank < 0 ? "" : String.join("", all.subList(blank + 1, all.size()));
        String request = String.join("\r\n", head) + "\r\nContent-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length + "\r\nConnection: close\r\n\r\n" + body;
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), web.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            socket.shutdownOutput();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
