package dev.p2pshare.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code transfer} benchmark: one p2pshare seeder to one downloader, beside aria2 and the
 * machine's ceilings measured in the same run (a TLS socket copy between two JVMs, fresh and
 * warm, into a file and dropped; a plain TCP copy; SHA-256 on one core and on every core at
 * once), results printed as Markdown.
 */
@Command(name = "transfer", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Times one seeder sending a file to one downloader: p2pshare from 'get' to the verified file in "
                    + "place, the peers already running, and again with peers that have each moved two other files "
                    + "of the same size first; aria2 with opentracker, launched; and the ceilings: the "
                    + "same bytes over one TLS connection between two JVMs with no protocol and no hashing, fresh "
                    + "and warmed by two copies first, each into a file and dropped on arrival; and over plain TCP. "
                    + "Then SHA-256 on one core, and per core with every core hashing. Runs alternate, so that a "
                    + "noisy machine slows all of them alike.",
            "",
            "While p2pshare's download runs, the seeder's shell is asked 'files' every quarter second, and "
                    + "its answers are timed.",
            "",
            "Results go to standard output as Markdown, progress to standard error.",
            ""
        })
final class TransferCommand implements Callable<Integer> {

    private static final double GOAL_TIMES_ARIA2 = 2;
    private static final double GOAL_SHARE_OF_TLS_COPY = 0.75;

    @Option(names = "--no-aria2", description = "Leave aria2 out.")
    private boolean noAria2;

    @Mixin
    private TransferRunOptions run;

    @Mixin
    private SharedOptions shared;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        run.check(spec);
        P2pshareSwarm.Jars jars = shared.jars(spec);
        Duration timeout = run.timeout();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter progress = spec.commandLine().getErr();
        Workspace workspace = shared.workspace();
        long size = run.sizeBytes();
        Path data = run.dataFile(workspace, progress);
        RunSetting.print(out, workspace, jars.java());

        Scenario scenario = new Scenario(1, 1);
        Contender ours = new P2pshareSwarm(workspace, data, jars, scenario, P2pshareSwarm.Start.PEERS_RUNNING, timeout,
                true);
        Contender oursWarmed = new P2pshareSwarm(workspace, data, jars, scenario, P2pshareSwarm.Start.PEERS_WARMED,
                timeout, false);
        Contender tlsCopy = new TlsCopy(workspace, data, jars.java(), timeout, false, false);
        Contender tlsCopyDropped = new TlsCopy(workspace, data, jars.java(), timeout, false, true);
        Contender warmTlsCopy = new TlsCopy(workspace, data, jars.java(), timeout, true, false);
        Contender warmTlsCopyDropped = new TlsCopy(workspace, data, jars.java(), timeout, true, true);
        Contender plainCopy = new PlainCopy(workspace, data, scenario);
        List<Contender> contenders = new ArrayList<>(List.of(ours, oursWarmed, tlsCopy, tlsCopyDropped, warmTlsCopy,
                warmTlsCopyDropped, plainCopy));
        List<Contender> references = new ArrayList<>();
        Contender aria2 = new Aria2Swarm(workspace, data, scenario, "none", timeout);
        if (!noAria2) {
            contenders.add(2, aria2);
            references.add(aria2);
        }
        references.add(tlsCopy);
        references.add(warmTlsCopy);
        // The warmed peers' two other files, and each contender's download of them or of the file.
        workspace.requireRoom(5 * size + size / 4);
        Results results = Rounds.run(scenario, size, contenders, run.runs(), progress);
        progress.println("bench: measuring SHA-256 on one core, then on every core");
        progress.flush();
        long hashed = Math.min(size, 1L << 30);
        double sha256 = HashingCeiling.bytesPerSecond(hashed, 3);
        int cores = Runtime.getRuntime().availableProcessors();
        double sha256PerCore = HashingCeiling.bytesPerSecondPerCore(hashed, 3, cores);

        results.print(out, references);
        out.println("| rate: file size ÷ median time | |");
        out.println("|---|---:|");
        for (Contender contender : contenders) {
            out.printf(Locale.ROOT, "| %s | %s |%n", contender.label(), rate(size / results.median(contender).orElseThrow()));
        }
        out.printf(Locale.ROOT, "| SHA-256 on one core, warm, in memory | %s |%n", rate(sha256));
        out.printf(Locale.ROOT, "| SHA-256 per core, all %d cores hashing at once | %s |%n%n", cores, rate(sha256PerCore));
        out.println("| goal | measured | |");
        out.println("|---|---:|---|");
        if (!noAria2) {
            goal(out, "rate ≥ 2 × aria2's, peers running", results, aria2, ours, GOAL_TIMES_ARIA2, "%.2f ×", 1);
            goal(out, "rate ≥ 2 × aria2's, peers warmed", results, aria2, oursWarmed, GOAL_TIMES_ARIA2, "%.2f ×", 1);
        }
        goal(out, "rate ≥ 75% of the TLS copy's into a file, both fresh", results, tlsCopy, ours,
                GOAL_SHARE_OF_TLS_COPY, "%.0f%%", 100);
        goal(out, "rate ≥ 75% of the TLS copy's into a file, both warm", results, warmTlsCopy, oursWarmed,
                GOAL_SHARE_OF_TLS_COPY, "%.0f%%", 100);
        out.println();
        out.flush();
        return 0;
    }

    /**
     * Prints a row of the goals: {@code ours}'s rate as a multiple of {@code reference}'s, against
     * {@code goal}, shown with {@code format} after scaling by {@code scale}.
     */
    private static void goal(PrintWriter out, String text, Results results, Contender reference, Contender ours,
            double goal, String format, double scale) {
        double ratio = results.median(reference).orElseThrow() / results.median(ours).orElseThrow();
        out.printf(Locale.ROOT, "| %s | " + format + " | %s |%n", text, scale * ratio, ratio >= goal ? "met" : "not met");
    }

    private static String rate(double bytesPerSecond) {
        return bytesPerSecond >= 1e9 ? String.format(Locale.ROOT, "%.2f GB/s", bytesPerSecond / 1e9)
                : String.format(Locale.ROOT, "%.0f MB/s", bytesPerSecond / 1e6);
    }
}
