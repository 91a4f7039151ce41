package dev.p2pshare.protocol.testkit;

import dev.p2pshare.protocol.transport.Endpoint;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The line a tracker or a peer prints once it serves: it contains {@code listening on HOST:PORT},
 * with the endpoint written as {@link Endpoint#toString} writes it ({@code 0.0.0.0:6969},
 * {@code [0:0:0:0:0:0:0:1]:6969}), followed by the end of the line, a space or a comma.
 */
public final class ListeningLine {

    /** Finds the {@code listening on HOST:PORT} part of a line; the port may still be out of range. */
    public static final Pattern PATTERN =
            Pattern.compile("listening on (?<endpoint>(?:\\[[^\\]\\s]+\\]|[^\\s\\[\\]:,]+):\\d{1,5})(?=$|[\\s,])");

    private ListeningLine() {
    }

    /** Where {@code line} says its node listens; empty if it is not such a line or the port is above 65535. */
    public static Optional<Endpoint> find(String line) {
        Matcher matcher = PATTERN.matcher(line);
        if (!matcher.find()) {
            return Optional.empty();
        }
        String endpoint = matcher.group("endpoint");
        int port = Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
        return port <= 65_535 ? Optional.of(Endpoint.parse(endpoint)) : Optional.empty();
    }
}
