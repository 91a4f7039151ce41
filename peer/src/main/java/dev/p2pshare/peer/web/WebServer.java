package dev.p2pshare.peer.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.p2pshare.peer.Peer;
import dev.p2pshare.peer.RecentLog;
import dev.p2pshare.protocol.Printable;
import dev.p2pshare.protocol.transport.ConnectionThreads;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The peer's web page and the JSON API behind it, on 127.0.0.1 only.
 *
 * <p>Only the holder of the random token made at start may use it: the page is served at
 * {@code /?token=…}, every API request carries the token in the {@value #TOKEN_HEADER} header
 * (the event stream, which a browser cannot give headers, in its query). A web page from
 * elsewhere can neither send that header without the browser asking first, which this server
 * never allows (no CORS), nor read any answer. Requests naming another host are refused, so that
 * a DNS name pointed at 127.0.0.1 cannot reach the page either.
 */
public final class WebServer implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(WebServer.class);

    /** The header every API request carries the token in. */
    public static final String TOKEN_HEADER = "X-P2pshare-Token";

    private static final Map<String, String> ASSETS = Map.of(
            "/app.js", "text/javascript; charset=utf-8",
            "/app.css", "text/css; charset=utf-8");

    private final HttpServer server;
    private final ExecutorService threads;
    private final String token;
    private final WebApi api;
    private final WebEvents events;
    private final AtomicBoolean closed = new AtomicBoolean();

    private WebServer(HttpServer server, ExecutorService threads, String token, WebApi api, WebEvents events) {
        this.server = server;
        this.threads = threads;
        this.token = token;
        this.api = api;
        this.events = events;
    }

    /**
     * Serves {@code peer}'s page on 127.0.0.1:{@code port} (0 for a free port).
     *
     * @param log the lines the page's log view shows
     * @throws IOException if the port cannot be bound
     */
    public static WebServer start(Peer peer, int port, RecentLog log) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        ExecutorService threads = ConnectionThreads.perTask("web-");
        server.setExecutor(threads);
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        WebEvents events = WebEvents.start(peer, log);
        WebServer web = new WebServer(server, threads, token, new WebApi(peer, log, events), events);
        server.createContext("/", web::handle);
        server.start();
        return web;
    }

    /** The address to open, token included. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + port() + "/?token=" + token);
    }

    /** The port the page is served on. */
    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            exchange.getResponseHeaders().set("X-Frame-Options", "DENY");
            exchange.getResponseHeaders().set("Referrer-Policy", "no-referrer");
            if (!fromThisPage(exchange)) {
                Replies.text(exchange, 403, "this page is served as http://127.0.0.1:" + port() + "/ only");
                return;
            }
            String path = exchange.getRequestURI().getPath();
            if (ASSETS.containsKey(path) && exchange.getRequestMethod().equals("GET")) {
                asset(exchange, path.substring(1), ASSETS.get(path));
            } else if (path.equals("/") && exchange.getRequestMethod().equals("GET")) {
                page(exchange);
            } else if (path.equals("/api/events") && exchange.getRequestMethod().equals("GET")) {
                if (!tokenMatches(Replies.query(exchange).get("token"))) {
                    Replies.json(exchange, 401, Map.of("error", "the token is missing or wrong"));
                    return;
                }
                events.stream(exchange);
            } else if (path.startsWith("/api/")) {
                if (!tokenMatches(exchange.getRequestHeaders().getFirst(TOKEN_HEADER))) {
                    Replies.json(exchange, 401, Map.of("error", "the token is missing or wrong: open the address the"
                            + " peer printed at start"));
                    return;
                }
                api.handle(exchange, path.substring("/api/".length()));
            } else {
                Replies.text(exchange, 404, "nothing here");
            }
        } catch (IOException | RuntimeException e) {
            log.debug("web request {} failed: {}", Printable.escape(exchange.getRequestURI().getPath()),
                    Printable.escape(e));
            throw e;
        }
    }

    /**
     * Whether the request names this server as its host, and, if the browser says which page sent
     * it, that page is this one.
     */
    private boolean fromThisPage(HttpExchange exchange) {
        String host = exchange.getRequestHeaders().getFirst("Host");
        boolean ourHost = ("127.0.0.1:" + port()).equals(host) || ("localhost:" + port()).equals(host);
        String origin = exchange.getRequestHeaders().getFirst("Origin");
        return ourHost && (origin == null || origin.equals("http://" + host));
    }

    private void page(HttpExchange exchange) throws IOException {
        if (!tokenMatches(Replies.query(exchange).get("token"))) {
            Replies.html(exchange, 401, "<!doctype html><meta charset=utf-8><title>p2pshare</title>"
                    + "<body style='font-family:sans-serif;max-width:40em;margin:4em auto'>"
                    + "<h1>This page needs its key</h1><p>Open the address the peer printed when it started, the"
                    + " line <code>web ui on http://127.0.0.1:" + port() + "/?token=…</code>. The token in it keeps"
                    + " other programs and web pages out.</p>");
            return;
        }
        exchange.getResponseHeaders().set("Content-Security-Policy",
                "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
        asset(exchange, "index.html", "text/html; charset=utf-8");
    }

    private static void asset(HttpExchange exchange, String name, String type) throws IOException {
        try (InputStream in = WebServer.class.getResourceAsStream("/web/" + name)) {
            if (in == null) {
                throw new IOException("the page's " + name + " is missing from the jar");
            }
            Replies.bytes(exchange, 200, type, in.readAllBytes());
        }
    }

    private boolean tokenMatches(String offered) {
        return offered != null && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                offered.getBytes(StandardCharsets.UTF_8));
    }

    /** Stops serving; closing again does nothing. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        events.close();
        server.stop(0);
        threads.shutdownNow();
    }
}
