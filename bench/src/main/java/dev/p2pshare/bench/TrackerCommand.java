package dev.p2pshare.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.ArrayList;
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
 * The {@code tracker} benchmark: the tracker jar holding many live peer sessions over TLS, under
 * the mix of requests a network sends, with its rate, latency and memory printed as Markdown.
 */
@Command(name = "tracker", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Starts the tracker jar, opens many peer sessions to it (each its own identity and TLS connection, "
                    + "registered with a few files), then keeps them busy with the mix a network sends: 70%% "
                    + "heartbeats, 12%% searches, 10%% locates, 8%% changes to file lists. A few threads take the "
                    + "sessions in turn, several at a time, and pipeline a batch of requests on each: written "
                    + "together, sent at once, answers read in order; the next batches go once every answer of the "
                    + "last is in. A request's latency runs from its batch being sent to its answer read. A warm-up "
                    + "stretch is run first and not counted. The tracker keeps silent peers for 900 s, as opening "
                    + "many sessions takes a while.",
            "",
            "The heap per idle session is the tracker's live heap at the end, with every session open and "
                    + "idle, less its live heap before the first opened, divided by the sessions.",
            "",
            "The load runs in this JVM on the same machine as the tracker: both share its cores. The table gives "
                    + "the processor share of each over the measured stretch (of all cores); a load that takes more "
                    + "than a third of the machine measures itself as much as the tracker.",
            "Results go to standard output as Markdown, progress to standard error.",
            ""
        })
final class TrackerCommand implements Callable<Integer> {

    @Option(names = "--sessions", paramLabel = "N", split = ",", defaultValue = "1000",
            description = "Live sessions, comma separated for several runs (default: ${DEFAULT-VALUE}).")
    private List<Integer> sessionCounts;

    @Option(names = "--presence",
            description = "Instead of the request mix, run the presence scenarios with each --sessions count: a start "
                    + "storm (every session registers and subscribes with presence at once, heartbeats flowing), a "
                    + "broadcast flood, and a mass leave (every connection dropped at once).")
    private boolean presence;

    @Mixin
    private LoadOptions load;

    @Mixin
    private SharedOptions shared;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        load.check(spec);
        if (sessionCounts.stream().anyMatch(n -> n < 1)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--sessions must be 1 or more");
        }
        TrackerLoad.Shape shape = load.shape();
        P2pshareSwarm.Jars jars = shared.jars(spec);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter progress = spec.commandLine().getErr();
        Workspace workspace = shared.workspace();
        RunSetting.print(out, workspace, jars.java());
        if (presence) {
            PresenceStorm.printHeadings(out);
            List<String> floods = new ArrayList<>();
            for (int sessions : sessionCounts) {
                floods.add(PresenceStorm.run(jars, workspace, sessions, out, progress));
            }
            out.println();
            PresenceStorm.printFlood(out, floods);
            return 0;
        }
        out.printf(Locale.ROOT, "### Tracker under load: %d requests in flight (%s), %.0f s measured after %.0f s of "
                + "warm-up%n%n", shape.inFlight(), shape.parts(), load.seconds(), load.warmUp());
        out.println("| sessions | requests/s | p50 | p99 | p99.9 | errors | load CPU | tracker CPU | tracker RSS "
                + "| tracker heap live | heap per idle session |");
        out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        out.flush();
        for (int sessions : sessionCounts) {
            TrackerUnderLoad figures = TrackerUnderLoad.measure(jars, workspace, sessions, load.files(), shape,
                    load.warmUp(), load.seconds(), progress);
            out.printf(Locale.ROOT, "| %,d | %,.0f | %.2f ms | %.2f ms | %.2f ms | %,d | %s | %s | %s | %s | %s |%n", sessions,
                    figures.result().perSecond(), figures.millis(50), figures.millis(99), figures.millis(99.9),
                    figures.result().errors(), figures.cpu().generatorPercent(), figures.cpu().serverPercent(),
                    figures.rss(), figures.heapLive(), figures.heapPerSession());
            out.flush();
        }
        out.println();
        out.flush();
        return 0;
    }
}
