package dev.p2pshare.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code tracker} benchmark: the tracker jar holding many live peer sessions over TLS, under
 * the mix of requests a network sends, with its rate, latency and memory printed as Markdown.
 */
@Command(name = "tracker", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Starts the tracker jar, opens many peer sessions to it (each its own identity and TLS connection, "
                    + "registered with a few files), then keeps them busy with the mix a network sends: 70% "
                    + "heartbeats, 12% searches, 10% locates, 8% changes to file lists. Threads wait for each "
                    + "answer before the next request. A warm-up stretch is run first and not counted. The tracker "
                    + "keeps silent peers for 900 s, as opening many sessions takes a while.",
            "",
            "The load runs in this JVM on the same machine as the tracker: both share its cores.",
            "Results go to standard output as Markdown, progress to standard error.",
            ""
        })
final class TrackerCommand implements Callable<Integer> {

    /**
     * Opening ten thousand sessions takes longer than the default time-to-live, and the first
     * sessions get no heartbeat until every one is open: the tracker is told to keep them.
     */
    private static final int PEER_TTL_SECONDS = 900;

    @Option(names = "--sessions", paramLabel = "N", split = ",", defaultValue = "1000",
            description = "Live sessions, comma separated for several runs (default: ${DEFAULT-VALUE}).")
    private List<Integer> sessionCounts;

    @Option(names = "--files", paramLabel = "N", defaultValue = "10",
            description = "Files each session registers (default: ${DEFAULT-VALUE}).")
    private int files;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "32",
            description = "Requests in flight at once: threads sending them (default: ${DEFAULT-VALUE}).")
    private int threads;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "20",
            description = "Measured stretch (default: ${DEFAULT-VALUE}).")
    private double seconds;

    @Option(names = "--warm-up", paramLabel = "S", defaultValue = "5",
            description = "Stretch run first and not counted (default: ${DEFAULT-VALUE}).")
    private double warmUp;

    @Mixin
    private SharedOptions shared;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (files < 1 || threads < 1 || seconds <= 0 || warmUp < 0 || sessionCounts.stream().anyMatch(n -> n < 1)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--sessions, --files, --threads and --seconds must be 1 or more, --warm-up 0 or more");
        }
        P2pshareSwarm.Jars jars = shared.jars(spec);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter progress = spec.commandLine().getErr();
        Workspace workspace = shared.workspace();
        RunSetting.print(out, workspace, jars.java());
        out.printf(Locale.ROOT, "### Tracker under load: %d requests in flight, %.0f s measured after %.0f s of warm-up%n%n",
                threads, seconds, warmUp);
        out.println("| sessions | requests/s | p50 | p99 | p99.9 | errors | tracker RSS | tracker heap live |");
        out.println("|---:|---:|---:|---:|---:|---:|---:|---:|");
        out.flush();
        for (int sessions : sessionCounts) {
            try (RunningTracker tracker = RunningTracker.start(jars, workspace, workspace.logFolder("tracker-" + sessions),
                    Duration.ofSeconds(60), "--peer-ttl", String.valueOf(PEER_TTL_SECONDS))) {
                progress.printf(Locale.ROOT, "bench: opening %,d sessions%n", sessions);
                progress.flush();
                TrackerLoad load = TrackerLoad.open(tracker.address(), sessions,
                        files, 8);
                try {
                    progress.printf(Locale.ROOT, "bench: %,d sessions open; warming up for %.0f s%n", sessions, warmUp);
                    progress.flush();
                    if (warmUp > 0) {
                        load.run(threads, warmUp);
                    }
                    progress.printf(Locale.ROOT, "bench: measuring for %.0f s%n", seconds);
                    progress.flush();
                    TrackerLoad.Result result = load.run(threads, seconds);
                    out.printf(Locale.ROOT, "| %,d | %,.0f | %.2f ms | %.2f ms | %.2f ms | %,d | %s | %s |%n", sessions,
                            result.perSecond(), millis(result, 50), millis(result, 99), millis(result, 99.9),
                            result.errors(), rss(tracker.process().pid()), heapUsed(tracker.process().pid(), jars.java(), workspace));
                    out.flush();
                    result.firstError().ifPresent(error -> progress.println("bench: first error: " + error));
                } finally {
                    load.close();
                }
            }
        }
        out.println();
        out.flush();
        return 0;
    }

    private static double millis(TrackerLoad.Result result, double percentile) {
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
