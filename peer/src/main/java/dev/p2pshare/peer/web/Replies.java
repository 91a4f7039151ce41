package dev.p2pshare.peer.web;

import com.sun.net.httpserver.HttpExchange;
import dev.p2pshare.peer.view.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** How the web server answers: JSON, text or bytes, with the status given; and how it reads a query. */
final class Replies {

    private Replies() {
    }

    static void json(HttpExchange exchange, int status, Object body) throws IOException {
        bytes(exchange, status, "application/json; charset=utf-8", Json.MAPPER.writeValueAsBytes(body));
    }

    static void text(HttpExchange exchange, int status, String body) throws IOException {
        bytes(exchange, status, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
    }

    static void html(HttpExchange exchange, int status, String body) throws IOException {
        bytes(exchange, status, "text/html; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
    }

    static void bytes(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** The request's query parameters, decoded; the first of each name. */
    static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> parameters = new LinkedHashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw == null) {
            return parameters;
        }
        for (String pair : raw.split("&")) {
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            parameters.putIfAbsent(name, value);
        }
        return parameters;
    }
}
