package dev.p2pshare.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * opentracker's announce rate under {@code wrk}: {@code peers} BitTorrent clients, each seeding
 * {@code files} torrents, announcing over HTTP in turn through {@code connections} connections, as
 * fast as opentracker answers. The BitTorrent counterpart of {@link TrackerUnderLoad}.
 *
 * @param perSecond announces answered a second
 * @param errors failed connects, writes and timeouts, and answers other than 2xx and 3xx. Not
 *     wrk's read errors: opentracker closes every connection after its answer, and wrk counts
 *     each close as one.
 * @param cpu over the measured stretch: wrk, which generates the load, and opentracker
 */
record OpentrackerAnnounces(double perSecond, double p50Millis, double p99Millis, long errors, CpuShares cpu) {

    private static final Duration SLACK = Duration.ofSeconds(60);
    private static final Pattern RATE = Pattern.compile("^Requests/sec:\\s+([0-9.]+)");
    private static final Pattern PERCENTILE = Pattern.compile("^\\s*(50|99)(?:\\.000)?%\\s+([0-9.]+)(us|ms|s)$");
    private static final Pattern SOCKET_ERRORS = Pattern.compile(
            "Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
    private static final Pattern BAD_ANSWERS = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");

    /**
     * Starts opentracker with a whitelist of the torrents, runs {@code wrk} for {@code warmUp}
     * seconds unmeasured and {@code seconds} measured, and stops opentracker.
     *
     * @throws IOException if opentracker or wrk is missing or fails, or wrk's report cannot be read
     */
    static OpentrackerAnnounces measure(Workspace workspace, int peers, int files, int connections, double warmUp,
            double seconds) throws IOException {
        Path folder = workspace.emptyFolder("opentracker-load");
        Path logs = workspace.logFolder("opentracker-load");
        SplittableRandom random = new SplittableRandom(peers);
        StringBuilder whitelist = new StringBuilder();
        StringBuilder hashes = new StringBuilder();
        byte[] hash = new byte[20];
        for (int i = 0; i < peers * files; i++) {
            random.nextBytes(hash);
            whitelist.append(HexFormat.of().formatHex(hash)).append('\n');
            hashes.append("  \"");
            for (byte b : hash) {
                hashes.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xFF));
            }
            hashes.append("\",\n");
        }
        Files.writeString(folder.resolve("whitelist"), whitelist);
        Path script = folder.resolve("announce.lua");
        Files.writeString(script, """
                -- Every request an announce of a seeding client: peer k, one of its torrents at random.
                local hashes = {
                %s}
                local peers = %d
                local files = %d
                local counter = 0
                request = function()
                  counter = counter + 1
                  local peer = counter %% peers
                  local hash = hashes[peer * files + math.random(files)]
                  return wrk.format("GET", "/announce?info_hash=" .. hash
                    .. "&peer_id=-BE0001-" .. string.format("%%012d", peer)
                    .. "&port=" .. (10000 + peer) .. "&uploaded=0&downloaded=0&left=0&compact=1&numwant=50")
                end
                """.formatted(hashes, peers, files));
        int port = FreePorts.pick(1).get(0);
        try (RunningOpentracker opentracker = RunningOpentracker.start(folder, port, logs)) {
            if (warmUp > 0) {
                wrk(workspace, logs, "warm-up", script, port, connections, warmUp);
            }
            // wrk has ended, and been waited for, when wrk(...) returns: its time is among this JVM's
            // ended children's.
            CpuShares.Stretch stretch = CpuShares.start(CpuShares::endedChildrenSeconds,
                    () -> ChildProcess.cpuSeconds(List.of(opentracker.process())));
            List<String> report = wrk(workspace, logs, "measured", script, port, connections, seconds);
            return read(report, logs, stretch.end());
        }
    }

    private static List<String> wrk(Workspace workspace, Path logs, String label, Path script, int port, int connections,
            double seconds) throws IOException {
        List<String> command = List.of("wrk", "-t2", "-c" + connections, "-d" + Math.max(1, Math.round(seconds)) + "s",
                "--latency", "-s", script.toString(), "http://127.0.0.1:" + port);
        try (ChildProcess wrk = ChildProcess.start("wrk-" + label, command, workspace.root(), logs)) {
            int exit = wrk.awaitExit(Duration.ofSeconds(Math.round(seconds)).plus(SLACK));
            wrk.awaitEndOfOutput(SLACK);
            if (exit != 0) {
                throw new IOException("wrk exited with " + exit + "; its output is in " + logs);
            }
            return wrk.lines().stream().filter(line -> !line.standardError()).map(ChildProcess.Line::text).toList();
        }
    }

    /** Reads wrk's report: the rate, the 50th and 99th percentiles, and the errors; {@code cpu} as measured. */
    static OpentrackerAnnounces read(List<String> report, Path logs, CpuShares cpu) throws IOException {
        double rate = -1;
        double p50 = -1;
        double p99 = -1;
        long errors = 0;
        for (String line : report) {
            Matcher matcher = RATE.matcher(line);
            if (matcher.find()) {
                rate = Double.parseDouble(matcher.group(1));
            }
            matcher = PERCENTILE.matcher(line);
            if (matcher.find()) {
                double millis = Double.parseDouble(matcher.group(2)) * switch (matcher.group(3)) {
                    case "us" -> 0.001;
                    case "ms" -> 1;
                    default -> 1000;
                };
                if (matcher.group(1).equals("50")) {
                    p50 = millis;
                } else {
                    p99 = millis;
                }
            }
            matcher = SOCKET_ERRORS.matcher(line);
            if (matcher.find()) {
                errors += Long.parseLong(matcher.group(1)) + Long.parseLong(matcher.group(3))
                        + Long.parseLong(matcher.group(4));
            }
            matcher = BAD_ANSWERS.matcher(line);
            if (matcher.find()) {
                errors += Long.parseLong(matcher.group(1));
            }
        }
        if (rate < 0 || p50 < 0 || p99 < 0) {
            throw new IOException("wrk's report has no rate or latency distribution; see " + logs);
        }
        return new OpentrackerAnnounces(rate, p50, p99, errors, cpu);
    }
}
