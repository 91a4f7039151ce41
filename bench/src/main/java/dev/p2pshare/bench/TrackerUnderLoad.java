package dev.p2pshare.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tracker jar measured under a load of live sessions ({@link TrackerLoad}): the requests it
 * served, its latencies, the processor shares of the load and of the tracker, and its memory at
 * the end.
 *
 * @param cpu over the measured stretch: this JVM, which generates the load, and the tracker
 * @param rss the tracker's resident memory, or {@code ?} if it cannot be read
 * @param heapLive the tracker's heap in use after a full collection, or {@code ?} if it cannot be read
 */
record TrackerUnderLoad(int sessions, TrackerLoad.Result result, CpuShares cpu, String rss, String heapLive) {

    /**
     * Opening ten thousand sessions takes longer than the default time-to-live, and the first
     * sessions get no heartbeat until every one is open: the tracker is told to keep them.
     */
    private static final int PEER_TTL_SECONDS = 900;

    /**
     * Starts the tracker of {@code jars}, opens {@code sessions} sessions of {@code files} files
     * each, runs the load shaped by {@code shape} for {@code warmUp} seconds unmeasured and then
     * {@code seconds} measured, reads the tracker's memory, and stops it.
     */
    static TrackerUnderLoad measure(P2pshareSwarm.Jars jars, Workspace workspace, int sessions, int files,
            TrackerLoad.Shape shape, double warmUp, double seconds, PrintWriter progress) throws IOException {
        try (RunningTracker tracker = RunningTracker.start(jars, workspace, workspace.logFolder("tracker-" + sessions),
                Duration.ofSeconds(60), "--peer-ttl", String.valueOf(PEER_TTL_SECONDS))) {
            progress.printf(Locale.ROOT, "bench: opening %,d sessions%n", sessions);
            progress.flush();
            TrackerLoad load = TrackerLoad.open(tracker.address(), sessions, files, 8);
            try {
                progress.printf(Locale.ROOT, "bench: %,d sessions open; warming up for %.0f s%n", sessions, warmUp);
                progress.flush();
                if (warmUp > 0) {
                    load.run(shape, warmUp);
                }
                progress.printf(Locale.ROOT, "bench: measuring for %.0f s%n", seconds);
                progress.flush();
                CpuShares.Stretch stretch = CpuShares.start(CpuShares::thisProcessSeconds,
                        () -> ChildProcess.cpuSeconds(List.of(tracker.process())));
                TrackerLoad.Result result = load.run(shape, seconds);
                CpuShares cpu = stretch.end();
                result.firstError().ifPresent(error -> progress.println("bench: first error: " + error));
                long pid = tracker.process().pid();
                return new TrackerUnderLoad(sessions, result, cpu, rss(pid), heapUsed(pid, jars.java(), workspace));
            } finally {
                load.close();
            }
        }
    }

    /** The latency at {@code percentile}, in milliseconds. */
    double millis(double percentile) {
        return result.latencyMicros().getValueAtPercentile(percentile) / 1000.0;
    }

    /** The resident memory of process {@code pid}, from /proc; "?" where there is none. */
    private static String rss(long pid) throws IOException {
        Path status = Path.of("/proc", String.valueOf(pid), "status");
        if (!Files.exists(status)) {
            return "?";
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmRSS:")) {
                return Units.bytes(Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024);
            }
        }
        return "?";
    }

    /**
     * The heap live in JVM {@code pid}: {@code jcmd GC.heap_info} after {@code jcmd GC.run}; "?" if
     * it cannot tell.
     */
    private static String heapUsed(long pid, Path java, Workspace workspace) throws IOException {
        Path jcmd = java.resolveSibling("jcmd");
        if (!Files.isExecutable(jcmd)) {
            return "?";
        }
        try (ChildProcess collect = ChildProcess.start("jcmd", List.of(jcmd.toString(), String.valueOf(pid), "GC.run"),
                workspace.root(), workspace.logFolder("tracker-gc"))) {
            collect.awaitExit(Duration.ofSeconds(60));
        }
        try (ChildProcess info = ChildProcess.start("jcmd", List.of(jcmd.toString(), String.valueOf(pid), "GC.heap_info"),
                workspace.root(), workspace.logFolder("tracker-heap"))) {
            info.awaitExit(Duration.ofSeconds(30));
            info.awaitEndOfOutput(Duration.ofSeconds(30));
            Optional<Matcher> used = info.lines().stream()
                    .map(line -> Pattern.compile("total \\d+K, used (\\d+)K").matcher(line.text()))
                    .filter(Matcher::find).findFirst();
            return used.map(matcher -> Units.bytes(Long.parseLong(matcher.group(1)) * 1024)).orElse("?");
        }
    }
}
