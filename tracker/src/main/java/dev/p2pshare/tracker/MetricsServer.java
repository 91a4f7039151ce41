package dev.p2pshare.tracker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.p2pshare.protocol.Printable;
import dev.p2pshare.protocol.transport.ConnectionThreads;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tracker's metrics over HTTP, on the loopback address only: {@code GET /metrics} in the
 * Prometheus text format, {@code GET /status} as one JSON object ({@link TrackerMetrics.Status}).
 * Anything else is 404, any method but GET and HEAD 405. Uses the JDK's HTTP server, each exchange
 * on a thread of {@link ConnectionThreads}.
 */
public final class MetricsServer implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(MetricsServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService threads;

    private MetricsServer(HttpServer server, ExecutorService threads) {
        this.server = server;
        this.threads = threads;
    }

    /**
     * Serves {@code metrics} on 127.0.0.1:{@code port} (0 picks a free port).
     *
     * @throws IOException if the port cannot be bound
     */
    public static MetricsServer start(TrackerMetrics metrics, int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        ExecutorService threads = ConnectionThreads.perTask("metrics-");
        server.setExecutor(threads);
        server.createContext("/", exchange -> serve(exchange, metrics));
        server.start();
        return new MetricsServer(server, threads);
    }

    /** The port it listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Where the metrics are: {@code http://127.0.0.1:PORT/metrics}. */
    public String metricsUrl() {
        return "http://127.0.0.1:" + port() + "/metrics";
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    private static void serve(HttpExchange exchange, TrackerMetrics metrics) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            if (!path.equals("/metrics") && !path.equals("/status")) {
                reply(exchange, 404, "text/plain; charset=utf-8",
                        "not found: the tracker serves /metrics and /status\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                reply(exchange, 405, "text/plain; charset=utf-8",
                        (method + " is not allowed here: use GET\n").getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (path.equals("/metrics")) {
                ByteArrayOutputStream text = new ByteArrayOutputStream();
                metrics.writeText(text);
                reply(exchange, 200, TrackerMetrics.textContentType(), text.toByteArray());
            } else {
                reply(exchange, 200, "application/json", JSON.writeValueAsBytes(metrics.status()));
            }
        } catch (IOException | RuntimeException e) {
            // Most often the client went away mid-answer; nothing else is harmed.
            log.debug("metrics request failed: {}", Printable.escape(e));
        }
    }

    private static void reply(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
