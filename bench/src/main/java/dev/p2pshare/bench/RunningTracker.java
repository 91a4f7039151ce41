package dev.p2pshare.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tracker jar started for a benchmark, on a free port of 127.0.0.1, and that port once it
 * says it listens. It keeps its identity under the workspace, not under the user's home.
 * Closing it stops the process.
 */
record RunningTracker(ChildProcess process, int port) implements AutoCloseable {

    /** The line the tracker and peers print once they serve, with the port. */
    static final Pattern LISTENING = Pattern.compile("listening on \\S*:(\\d+)");

    /** The line a tracker started with {@code --metrics-port} prints before it listens, with the address. */
    static final Pattern METRICS = Pattern.compile("metrics on (http://\\S+)/metrics and /status");

    /**
     * Starts the tracker of {@code jars} with {@code options} beyond the port and address, and
     * waits up to {@code timeout} for it to listen.
     */
    static RunningTracker start(P2pshareSwarm.Jars jars, Workspace workspace, Path logs, Duration timeout,
            String... options) throws IOException {
        List<String> command = new ArrayList<>(List.of(jars.java().toString(),
                "-Duser.home=" + workspace.root().resolve("p2pshare/tracker-home"), "-jar", jars.tracker().toString(),
                "--port", "0", "--bind", "127.0.0.1"));
        command.addAll(List.of(options));
        ChildProcess process = ChildProcess.start("tracker", command, workspace.root(), logs);
        try {
            return new RunningTracker(process, portIn(process.awaitLine(LISTENING.asPredicate(), timeout).text()));
        } catch (IOException | RuntimeException e) {
            process.close();
            throw e;
        }
    }

    /** The port in a {@code listening on} line. */
    static int portIn(String listening) {
        Matcher matcher = LISTENING.matcher(listening);
        if (!matcher.find()) {
            throw new IllegalStateException("no port in: " + listening);
        }
        return Integer.parseInt(matcher.group(1));
    }

    /** Where peers reach it: {@code 127.0.0.1:PORT}. */
    String hostAndPort() {
        return "127.0.0.1:" + port;
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    /**
     * Where it serves {@code /status}, from the line it printed at start.
     *
     * @throws IllegalStateException if it was not started with {@code --metrics-port}
     */
    URI statusUri() {
        return process.lines().stream().map(line -> METRICS.matcher(line.text())).filter(Matcher::find).findFirst()
                .map(matcher -> URI.create(matcher.group(1) + "/status"))
                .orElseThrow(() -> new IllegalStateException("the tracker on port " + port
                        + " serves no metrics: start it with --metrics-port"));
    }

    @Override
    public void close() {
        process.close();
    }
}
