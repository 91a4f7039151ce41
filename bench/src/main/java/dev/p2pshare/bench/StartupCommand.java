package dev.p2pshare.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
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
 * The {@code startup} benchmark: how long the peer jar takes, from launch, to say it is
 * {@code listening on} a port, on a folder of many files: the first time, hashing them all, and
 * again, with their hashes cached. Results printed as Markdown.
 */
@Command(name = "startup", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Times the peer jar from launch to its 'listening on' line, on a folder of many files: the first "
                    + "start, which hashes every file, and a second start, which finds their hashes cached. "
                    + "A tracker runs beside it. Beside the times: SHA-256 on one core in the bench's own JVM, "
                    + "the most a first start could hash.",
            "",
            "The folder is made once and kept in the workspace for later runs. Results go to standard output "
                    + "as Markdown, progress to standard error.",
            ""
        })
final class StartupCommand implements Callable<Integer> {

    private static final Duration EXIT = Duration.ofSeconds(30);

    @Option(names = "--files", paramLabel = "N", defaultValue = "10000",
            description = "Files in the folder (default: ${DEFAULT-VALUE}).")
    private int files;

    @Option(names = "--size", paramLabel = "MIB", defaultValue = "10240",
            description = "Their total size in MiB (default: ${DEFAULT-VALUE}, 10 GiB).")
    private long sizeMib;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "5",
            description = "First and second starts each; medians are reported (default: ${DEFAULT-VALUE}).")
    private int runs;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "600",
            description = "Give up on a start after this long (default: ${DEFAULT-VALUE}).")
    private long timeoutSeconds;

    @Mixin
    private SharedOptions shared;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (files < 1 || sizeMib < 1 || runs < 1 || timeoutSeconds < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--files, --size, --runs and --timeout must be 1 or more");
        }
        P2pshareSwarm.Jars jars = shared.jars(spec);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter progress = spec.commandLine().getErr();
        Duration timeout = Duration.ofSeconds(timeoutSeconds);
        long totalBytes = sizeMib << 20;

        Workspace workspace = shared.workspace();
        progress.printf(Locale.ROOT, "bench: preparing %,d files of %s in all in %s%n", files, Units.bytes(totalBytes),
                workspace.root());
        progress.flush();
        Path folder = ManyFilesFolder.of(workspace, "startup/folder", files, totalBytes);
        RunSetting.print(out, workspace, jars.java());

        List<Double> first = new ArrayList<>();
        List<Double> second = new ArrayList<>();
        List<ChildProcess> started = new ArrayList<>();
        try {
            RunningTracker tracker = RunningTracker.start(jars, workspace, workspace.logFolder("startup-tracker"), timeout);
            started.add(tracker.process());
            String port = String.valueOf(tracker.port());
            for (int round = 1; round <= runs; round++) {
                // A first start: no state at all, so every file is hashed and a new identity made.
                Workspace.empty(folder.resolve(".p2pshare"));
                first.add(timeToListening(jars, workspace, folder, port, "first-" + round, timeout));
                report(progress, "first", round, first);
                second.add(timeToListening(jars, workspace, folder, port, "second-" + round, timeout));
                report(progress, "second", round, second);
            }
        } finally {
            Collections.reverse(started);
            started.forEach(ChildProcess::close);
        }
        progress.println("bench: measuring SHA-256 on one core");
        progress.flush();
        double ceiling = HashingCeiling.bytesPerSecond(Math.min(totalBytes, 1L << 30), 3);
        print(out, totalBytes, first, second, ceiling);
        return 0;
    }

    private void print(PrintWriter out, long totalBytes, List<Double> first, List<Double> second, double ceiling) {
        out.printf(Locale.ROOT, "### Peer start-up on %,d files, %s, %d %s%n%n", files, Units.bytes(totalBytes), runs,
                runs == 1 ? "run" : "runs");
        out.println("Seconds from launching `peer.jar` to its `listening on` line, a tracker already running.");
        out.println();
        out.println("| start | median | min | max | folder size ÷ median |");
        out.println("|---|---:|---:|---:|---:|");
        row(out, "first start: every file hashed", first, totalBytes);
        row(out, "second start: hashes cached", second, -1);
        out.printf(Locale.ROOT, "| SHA-256 on one core, warm, in memory (the ceiling) | — | — | — | %s |%n%n",
                rate(ceiling));
        out.flush();
    }

    private static void row(PrintWriter out, String label, List<Double> seconds, long hashedBytes) {
        double median = Results.median(seconds);
        out.printf(Locale.ROOT, "| %s | %.2f s | %.2f s | %.2f s | %s |%n", label, median,
                seconds.stream().mapToDouble(Double::doubleValue).min().orElse(0),
                seconds.stream().mapToDouble(Double::doubleValue).max().orElse(0),
                hashedBytes < 0 ? "—" : rate(hashedBytes / median));
    }

    private static String rate(double bytesPerSecond) {
        return String.format(Locale.ROOT, "%.2f GB/s", bytesPerSecond / 1e9);
    }

    private static void report(PrintWriter progress, String which, int round, List<Double> seconds) {
        progress.printf(Locale.ROOT, "bench: %s start, run %d: %.2f s%n", which, round, seconds.get(seconds.size() - 1));
        progress.flush();
    }

    /** Launches a peer on {@code folder}, times it to {@code listening on}, and stops it; it must exit 0. */
    private static double timeToListening(P2pshareSwarm.Jars jars, Workspace workspace, Path folder, String trackerPort,
            String run, Duration timeout) throws IOException {
        Path logs = workspace.logFolder("startup-" + run);
        long launched = System.nanoTime();
        try (ChildProcess peer = ChildProcess.start("peer", List.of(jars.java().toString(), "-jar",
                jars.peer().toString(), folder.toString(), "--tracker", "127.0.0.1:" + trackerPort, "--port", "0",
                "--name", "startup"), workspace.root(), logs)) {
            long listening = peer.awaitLine(RunningTracker.LISTENING.asPredicate(), timeout).nanos();
            peer.closeInput();
            int exit = peer.awaitExit(EXIT);
            if (exit != 0) {
                throw new IOException("the peer exited with " + exit + "; its output is in " + logs);
            }
            return (listening - launched) / 1e9;
        }
    }
}
