package dev.p2pshare.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code compare} benchmark: p2pshare against aria2 and opentracker in one run, on the
 * measures its goals are set in, printed as Markdown with a table of ours, theirs and the ratio.
 */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Runs p2pshare and the BitTorrent tools side by side, in one run: a file from one seeder to one "
                    + "downloader and to four (p2pshare from 'get', peers running; aria2 through opentracker, "
                    + "launched), then the p2pshare tracker under its load generator against opentracker under "
                    + "wrk, the same number of peers each. Prints each table, then ours, theirs and the ratio.",
            "",
            "Needs aria2c, opentracker, mktorrent and wrk: 'bench/run' installs them. Results go to standard "
                    + "output as Markdown, progress to standard error.",
            ""
        })
final class CompareCommand implements Callable<Integer> {

    private static final Scenario ONE_TO_ONE = new Scenario(1, 1);
    private static final Scenario ONE_TO_FOUR = new Scenario(1, 4);

    /** Requests in flight at the p2pshare tracker: threads of the load generator. */
    private static final int THREADS = 32;
    /** Connections wrk keeps open to opentracker. */
    private static final int CONNECTIONS = 50;
    private static final int FILES_PER_PEER = 10;

    @Option(names = "--sessions", paramLabel = "N", defaultValue = "1000",
            description = "Peers at each tracker (default: ${DEFAULT-VALUE}).")
    private int sessions;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "20",
            description = "Measured stretch of each tracker's load (default: ${DEFAULT-VALUE}).")
    private double seconds;

    @Option(names = "--warm-up", paramLabel = "S", defaultValue = "5",
            description = "Stretch of each tracker's load run first and not counted (default: ${DEFAULT-VALUE}).")
    private double warmUp;

    @Mixin
    private TransferRunOptions run;

    @Mixin
    private SharedOptions shared;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        run.check(spec);
        if (sessions < 1 || seconds <= 0 || warmUp < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--sessions and --seconds must be 1 or more, --warm-up 0 or more");
        }
        P2pshareSwarm.Jars jars = shared.jars(spec);
        Duration timeout = run.timeout();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter progress = spec.commandLine().getErr();
        Workspace workspace = shared.workspace();
        long size = run.sizeBytes();
        Path data = run.dataFile(workspace, progress);
        RunSetting.print(out, workspace, jars.java());

        Transfer oneToOne = transfer(ONE_TO_ONE, workspace, data, jars, timeout, progress, out);
        Transfer oneToFour = transfer(ONE_TO_FOUR, workspace, data, jars, timeout, progress, out);

        TrackerUnderLoad ours = TrackerUnderLoad.measure(jars, workspace, sessions, FILES_PER_PEER, THREADS, warmUp,
                seconds, progress);
        progress.printf(Locale.ROOT, "bench: opentracker under wrk, %,d peers%n", sessions);
        progress.flush();
        OpentrackerAnnounces theirs = OpentrackerAnnounces.measure(workspace, sessions, FILES_PER_PEER, CONNECTIONS,
                warmUp, seconds);
        out.printf(Locale.ROOT, "### Trackers, %,d peers of %d files each, %.0f s measured after %.0f s of warm-up%n%n",
                sessions, FILES_PER_PEER, seconds, warmUp);
        out.println("| tracker | load | requests/s | p50 | p99 | errors |");
        out.println("|---|---|---:|---:|---:|---:|");
        out.printf(Locale.ROOT, "| p2pshare, TLS | the bench's Java load, %d in flight: heartbeats, searches, locates, "
                + "file changes | %,.0f | %.2f ms | %.2f ms | %,d |%n", THREADS, ours.result().perSecond(),
                ours.millis(50), ours.millis(99), ours.result().errors());
        out.printf(Locale.ROOT, "| opentracker, HTTP | wrk, %d connections: announces | %,.0f | %.2f ms | %.2f ms "
                + "| %,d |%n%n", CONNECTIONS, theirs.perSecond(), theirs.p50Millis(), theirs.p99Millis(), theirs.errors());

        out.println("### p2pshare against aria2 and opentracker");
        out.println();
        out.println("| measure | p2pshare | theirs | ratio | goal | |");
        out.println("|---|---:|---:|---:|---|---|");
        double rateRatio = oneToOne.theirs() / oneToOne.ours();
        out.printf(Locale.ROOT, "| 1 → 1, %s: time | %.2f s | %.2f s | rate %.2f × | rate ≥ 3 × | %s |%n",
                Units.bytes(size), oneToOne.ours(), oneToOne.theirs(), rateRatio, rateRatio >= 3 ? "met" : "not met");
        double timeRatio = oneToFour.ours() / oneToFour.theirs();
        out.printf(Locale.ROOT, "| 1 → 4, %s: time until all have it | %.2f s | %.2f s | time %.2f × | time ≤ 0.5 × "
                + "| %s |%n", Units.bytes(size), oneToFour.ours(), oneToFour.theirs(), timeRatio,
                timeRatio <= 0.5 ? "met" : "not met");
        double trackerRatio = ours.result().perSecond() / theirs.perSecond();
        out.printf(Locale.ROOT, "| tracker: requests/s, %,d peers | %,.0f | %,.0f | %.2f × | ≥ 1.5 × | %s |%n",
                sessions, ours.result().perSecond(), theirs.perSecond(), trackerRatio,
                trackerRatio >= 1.5 ? "met" : "not met");
        out.printf(Locale.ROOT, "| tracker: p99 latency, %,d peers | %.2f ms | %.2f ms | %.2f × | ≤ 5 ms | %s |%n%n",
                sessions, ours.millis(99), theirs.p99Millis(), ours.millis(99) / theirs.p99Millis(),
                ours.millis(99) <= 5 ? "met" : "not met");
        out.flush();
        return 0;
    }

    /** The median seconds of p2pshare and of aria2 at one scenario. */
    private record Transfer(double ours, double theirs) {
    }

    private Transfer transfer(Scenario scenario, Workspace workspace, Path data, P2pshareSwarm.Jars jars,
            Duration timeout, PrintWriter progress, PrintWriter out) throws IOException {
        Contender ours = new P2pshareSwarm(workspace, data, jars, scenario, P2pshareSwarm.Start.PEERS_RUNNING, timeout,
                false);
        Contender aria2 = new Aria2Swarm(workspace, data, scenario, "none", timeout);
        long size = run.sizeBytes();
        workspace.requireRoom(size * scenario.downloaders() + size / 4);
        Results results = Rounds.run(scenario, size, List.of(ours, aria2), run.runs(), progress);
        results.print(out, List.of(aria2));
        return new Transfer(results.median(ours).orElseThrow(), results.median(aria2).orElseThrow());
    }
}
