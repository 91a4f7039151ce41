package dev.p2pshare.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * The tracker jar measured under a load of live sessions ({@link TrackerLoad}): the requests it
 * served, its latencies, the processor shares of the load and of the tracker, and its memory at
 * the end.
 *
 * @param cpu over the measured stretch: this JVM, which generates the load, and the tracker
 * @param rss the tracker's resident memory, or {@code ?} if it cannot be read
 * @param heapLive the tracker's heap in use after a full collection, or {@code ?} if it cannot be read
 * @param heapPerSession the live heap the sessions add, each: see {@link SessionHeap}
 */
record TrackerUnderLoad(int sessions, TrackerLoad.Result result, CpuShares cpu, String rss, String heapLive,
        String heapPerSession) {

    /**
     * Opening ten thousand sessions takes longer than the default time-to-live, and the first
     * sessions get no heartbeat until every one is open: the tracker is told to keep them.
     */
    static final int PEER_TTL_SECONDS = 900;

    /**
     * Starts the tracker of {@code jars}, opens {@code sessions} sessions of {@code files} files
     * each, runs the load shaped by {@code shape} for {@code warmUp} seconds unmeasured and then
     * {@code seconds} measured, reads the tracker's memory, and stops it. The live heap is read
     * once more before any session opens, so that what the sessions add can be told apart.
     */
    static TrackerUnderLoad measure(P2pshareSwarm.Jars jars, Workspace workspace, int sessions, int files,
            TrackerLoad.Shape shape, double warmUp, double seconds, PrintWriter progress) throws IOException {
        try (RunningTracker tracker = RunningTracker.start(jars, workspace, workspace.logFolder("tracker-" + sessions),
                Duration.ofSeconds(60), "--peer-ttl", String.valueOf(PEER_TTL_SECONDS))) {
            long pid = tracker.process().pid();
            OptionalLong heapBefore = SessionHeap.live(pid, jars.java(), workspace);
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
                OptionalLong heapAfter = SessionHeap.live(pid, jars.java(), workspace);
                return new TrackerUnderLoad(sessions, result, cpu, rss(pid),
                        heapAfter.isPresent() ? Units.bytes(heapAfter.getAsLong()) : "?",
                        SessionHeap.perSession(heapBefore, heapAfter, sessions));
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
}
