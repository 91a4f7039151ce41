package dev.p2pshare.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
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
                    + "downloader, from one seeder to four downloaders, and from three seeders to one downloader "
                    + "(p2pshare from 'get' with its peers running, and launched with 'get' as a script; aria2 "
                    + "through opentracker, launched), each with the processor time of every process per GiB "
                    + "delivered; then the p2pshare tracker under its load generator against opentracker under "
                    + "wrk, the same number of peers each. Prints each table, then ours, theirs, the ratio and "
                    + "the goal.",
            "",
            "Needs aria2c, opentracker, mktorrent and wrk: 'bench/run' installs them. Results go to standard "
                    + "output as Markdown, progress to standard error. The tracker rows give the processor share of "
                    + "the load generator and of the tracker over the measured stretch, of all cores.",
            ""
        })
final class CompareCommand implements Callable<Integer> {

    private static final Scenario ONE_TO_ONE = new Scenario(1, 1);
    private static final Scenario ONE_TO_FOUR = new Scenario(1, 4);
    private static final Scenario THREE_TO_ONE = new Scenario(3, 1);

    /** The parts of the comparison {@code --only} can pick. */
    private static final String TRANSFERS = "transfers";
    private static final String TRACKER = "tracker";

    /** Connections wrk keeps open to opentracker. */
    private static final int CONNECTIONS = 50;
    private static final int FILES_PER_PEER = 10;

    @Option(names = "--sessions", paramLabel = "N", defaultValue = "1000",
            description = "Peers at each tracker (default: ${DEFAULT-VALUE}).")
    private int sessions;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "20",
            description = "Measured stretch of each tracker's load (default: ${DEFAULT-VALUE}).")
    private double seconds;

    @Option(names = "--warm-up", paramLabel = "S", defaultValue = "15",
            description = "Stretch of each tracker's load run first and not counted: under this load the tracker's "
                    + "JIT compiler is busy for its first 15 s or so, taking a quarter of a core from it "
                    + "(default: ${DEFAULT-VALUE}).")
    private double warmUp;

    @Option(names = "--only", paramLabel = "PART",
            description = "Run one part only: '" + TRANSFERS + "' (the three transfers) or '" + TRACKER
                    + "' (the two trackers under load) (default: both).")
    private String only;

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
        if (only != null && !only.equals(TRANSFERS) && !only.equals(TRACKER)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--only takes '" + TRANSFERS + "' or '" + TRACKER + "', not '" + only + "'");
        }
        P2pshareSwarm.Jars jars = shared.jars(spec);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter progress = spec.commandLine().getErr();
        Workspace workspace = shared.workspace();
        RunSetting.print(out, workspace, jars.java());

        List<Transfer> transfers = List.of();
        if (!TRACKER.equals(only)) {
            Path data = run.dataFile(workspace, progress);
            transfers = List.of(transfer(ONE_TO_ONE, workspace, data, jars, progress, out),
                    transfer(ONE_TO_FOUR, workspace, data, jars, progress, out),
                    transfer(THREE_TO_ONE, workspace, data, jars, progress, out));
        }
        Optional<Trackers> trackers = Optional.empty();
        if (!TRANSFERS.equals(only)) {
            trackers = Optional.of(trackers(jars, workspace, progress, out));
        }

        out.println("### p2pshare against aria2 and opentracker");
        out.println();
        out.println("| measure | p2pshare | theirs | ratio | goal | |");
        out.println("|---|---:|---:|---:|---|---|");
        if (!transfers.isEmpty()) {
            String file = Units.bytes(run.sizeBytes());
            Transfer oneToOne = transfers.get(0);
            Transfer oneToFour = transfers.get(1);
            Transfer threeToOne = transfers.get(2);
            row(out, "1 → 1, " + file + ": time, peers running", oneToOne.ours(), oneToOne.theirs(), true, 2);
            row(out, "1 → 1, " + file + ": time, peers launched", oneToOne.oursLaunched(), oneToOne.theirs(), true, 1.5);
            row(out, "1 → 4, " + file + ": time until all have it", oneToFour.ours(), oneToFour.theirs(), false, 1);
            row(out, "3 → 1, " + file + ": time", threeToOne.ours(), threeToOne.theirs(), false, 0.5);
            cpuRows(out, "1 → 1", oneToOne, Double.NaN);
            cpuRows(out, "1 → 4", oneToFour, 1.5);
            cpuRows(out, "3 → 1", threeToOne, Double.NaN);
        }
        trackers.ifPresent(measured -> trackerRows(out, measured.ours(), measured.theirs()));
        out.println();
        out.flush();
        return 0;
    }

    /** The p2pshare tracker under the bench's load and opentracker under wrk, the same peers each. */
    private record Trackers(TrackerUnderLoad ours, OpentrackerAnnounces theirs) {
    }

    /** Measures both trackers and prints their table. */
    private Trackers trackers(P2pshareSwarm.Jars jars, Workspace workspace, PrintWriter progress, PrintWriter out)
            throws IOException {
        TrackerLoad.Shape shape = TrackerLoad.Shape.DEFAULT;
        TrackerUnderLoad ours = TrackerUnderLoad.measure(jars, workspace, sessions, FILES_PER_PEER, shape, warmUp,
                seconds, progress);
        progress.printf(Locale.ROOT, "bench: opentracker under wrk, %,d peers%n", sessions);
        progress.flush();
        OpentrackerAnnounces theirs = OpentrackerAnnounces.measure(workspace, sessions, FILES_PER_PEER, CONNECTIONS,
                warmUp, seconds);
        out.printf(Locale.ROOT, "### Trackers, %,d peers of %d files each, %.0f s measured after %.0f s of warm-up%n%n",
                sessions, FILES_PER_PEER, seconds, warmUp);
        out.println("| tracker | load | requests/s | p50 | p99 | errors | load CPU | tracker CPU |");
        out.println("|---|---|---:|---:|---:|---:|---:|---:|");
        out.printf(Locale.ROOT, "| p2pshare, TLS | the bench's Java load, %d in flight (%s): heartbeats, searches, "
                + "locates, file changes | %,.0f | %.2f ms | %.2f ms | %,d | %s | %s |%n",
                shape.inFlight(), shape.parts(), ours.result().perSecond(),
                ours.millis(50), ours.millis(99), ours.result().errors(), ours.cpu().generatorPercent(),
                ours.cpu().serverPercent());
        out.printf(Locale.ROOT, "| opentracker, HTTP | wrk, %d connections: announces | %,.0f | %.2f ms | %.2f ms "
                + "| %,d | %s | %s |%n%n", CONNECTIONS, theirs.perSecond(), theirs.p50Millis(), theirs.p99Millis(),
                theirs.errors(), theirs.cpu().generatorPercent(), theirs.cpu().serverPercent());
        out.flush();
        return new Trackers(ours, theirs);
    }

    /** Prints the tracker rows of the goals table. */
    private void trackerRows(PrintWriter out, TrackerUnderLoad ours, OpentrackerAnnounces theirs) {
        double trackerRatio = ours.result().perSecond() / theirs.perSecond();
        out.printf(Locale.ROOT, "| tracker: requests/s, %,d peers | %,.0f | %,.0f | %.2f × | ≥ 1.5 × | %s |%n",
                sessions, ours.result().perSecond(), theirs.perSecond(), trackerRatio,
                trackerRatio >= 1.5 ? "met" : "not met");
        out.printf(Locale.ROOT, "| tracker: p99 latency, %,d peers | %.2f ms | %.2f ms | %.2f × | ≤ 5 ms | %s |%n",
                sessions, ours.millis(99), theirs.p99Millis(), ours.millis(99) / theirs.p99Millis(),
                ours.millis(99) <= 5 ? "met" : "not met");
    }

    /**
     * The medians of one scenario: p2pshare's seconds with its peers running and launched,
     * aria2's, and the processor time per GiB delivered of each.
     */
    private record Transfer(double ours, double oursLaunched, double theirs, OptionalDouble oursCpuPerGib,
            OptionalDouble oursLaunchedCpuPerGib, OptionalDouble theirsCpuPerGib) {
    }

    /**
     * Prints a row of the goals table: a time, as a rate ratio ({@code asRate}: goal met at
     * {@code goal} × aria2's rate or more) or a time ratio (met at {@code goal} × aria2's time or less).
     */
    private static void row(PrintWriter out, String measure, double ours, double theirs, boolean asRate, double goal) {
        double ratio = asRate ? theirs / ours : ours / theirs;
        boolean met = asRate ? ratio >= goal : ratio <= goal;
        String kind = asRate ? "rate" : "time";
        out.printf(Locale.ROOT, "| %s | %.2f s | %.2f s | %s %.2f × | %s %s %s × | %s |%n", measure, ours, theirs, kind,
                ratio, kind, asRate ? "≥" : "≤", plain(goal), met ? "met" : "not met");
    }

    /**
     * Prints the rows of the CPU per GiB of {@code transfer}, p2pshare's peers running and launched
     * against aria2's, with the goal if {@code goal} is a number.
     */
    private static void cpuRows(PrintWriter out, String scenario, Transfer transfer, double goal) {
        cpuRow(out, scenario + ": CPU per GiB delivered, peers running", transfer.oursCpuPerGib(),
                transfer.theirsCpuPerGib(), goal);
        cpuRow(out, scenario + ": CPU per GiB delivered, peers launched", transfer.oursLaunchedCpuPerGib(),
                transfer.theirsCpuPerGib(), goal);
    }

    private static void cpuRow(PrintWriter out, String measure, OptionalDouble ours, OptionalDouble theirs,
            double goal) {
        if (ours.isEmpty() || theirs.isEmpty()) {
            return;
        }
        double ratio = ours.getAsDouble() / theirs.getAsDouble();
        out.printf(Locale.ROOT, "| %s | %.2f s | %.2f s | %.2f × | %s | %s |%n", measure, ours.getAsDouble(),
                theirs.getAsDouble(), ratio, Double.isNaN(goal) ? "reported" : "≤ " + plain(goal) + " ×",
                Double.isNaN(goal) ? "" : ratio <= goal ? "met" : "not met");
    }

    /** {@code number} without trailing zeros: 1.5, 2. */
    private static String plain(double number) {
        return BigDecimal.valueOf(number).stripTrailingZeros().toPlainString();
    }

    private Transfer transfer(Scenario scenario, Workspace workspace, Path data, P2pshareSwarm.Jars jars,
            PrintWriter progress, PrintWriter out) throws IOException {
        Duration timeout = run.timeout();
        Contender ours = new P2pshareSwarm(workspace, data, jars, scenario, P2pshareSwarm.Start.PEERS_RUNNING, timeout,
                false);
        Contender oursLaunched = new P2pshareSwarm(workspace, data, jars, scenario, P2pshareSwarm.Start.PEERS_LAUNCHED,
                timeout, false);
        Contender aria2 = new Aria2Swarm(workspace, data, scenario, "none", timeout);
        long size = run.sizeBytes();
        workspace.requireRoom(size * scenario.downloaders() + size / 4);
        Results results = Rounds.run(scenario, size, List.of(ours, oursLaunched, aria2), run.runs(), progress);
        results.print(out, List.of(aria2));
        return new Transfer(results.median(ours).orElseThrow(), results.median(oursLaunched).orElseThrow(),
                results.median(aria2).orElseThrow(), results.cpuPerGib(ours), results.cpuPerGib(oursLaunched),
                results.cpuPerGib(aria2));
    }
}
