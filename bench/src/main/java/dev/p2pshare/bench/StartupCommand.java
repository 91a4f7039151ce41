package dev.p2pshare.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code startup} benchmark: how long a peer takes, from launch, to say it is
 * {@code listening on} a port, on a folder of many files: the first time, hashing them all, and
 * again, with their hashes cached. Each is timed launched the plain way, {@code java -jar peer.jar},
 * and through the {@code p2pshare} launcher, whose first start makes the class-data archive its
 * second start uses; then, as the part no folder can explain, second starts on an empty folder,
 * the {@link TlsHandshakeFloor} and the {@link RegisteredFloor}. Results printed as Markdown.
 */
@Command(name = "startup", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Times the peer from launch to its 'listening on' line, on a folder of many files: the first "
                    + "start, which hashes every file, and a second start, which finds their hashes cached. "
                    + "Both are timed with 'java -jar peer.jar' and through the checkout's './p2pshare peer' "
                    + "launcher, with its class-data archive kept in the workspace: made at the exit of the first "
                    + "start, used by the second. A tracker runs beside it. Then what a start costs whatever the "
                    + "folder: second starts on an empty folder through the launcher, the floor under any Java "
                    + "peer, a JVM that only loads an identity and completes one TLS handshake with the tracker, "
                    + "and that floor with a command line parsed by picocli and a registration with no files. "
                    + "Beside the times: SHA-256 on one core in the bench's own JVM, the most a first start could "
                    + "hash.",
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
        Path launcher = shared.launcher(spec);
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

        Path archives = workspace.root().resolve("startup/cache");
        // The launcher runs the same java as the plain starts, and keeps its archives in the workspace.
        Map<String, String> launcherEnvironment = Map.of(
                "JAVA_HOME", jars.java().toRealPath().getParent().getParent().toString(),
                "XDG_CACHE_HOME", archives.toString());
        List<Double> plainFirst = new ArrayList<>();
        List<Double> plainSecond = new ArrayList<>();
        List<Double> launcherFirst = new ArrayList<>();
        List<Double> launcherSecond = new ArrayList<>();
        List<Double> launcherEmpty = new ArrayList<>();
        List<Double> floor = new ArrayList<>();
        List<Double> registeredFloor = new ArrayList<>();
        List<ChildProcess> started = new ArrayList<>();
        try {
            RunningTracker tracker = RunningTracker.start(jars, workspace, workspace.logFolder("startup-tracker"), timeout);
            started.add(tracker.process());
            List<String> peerArguments = List.of(folder.toString(), "--tracker", "127.0.0.1:" + tracker.port(),
                    "--port", "0", "--name", "startup");
            List<String> plain = new ArrayList<>(List.of(jars.java().toString(), "-jar", jars.peer().toString()));
            plain.addAll(peerArguments);
            List<String> throughLauncher = new ArrayList<>(List.of(launcher.toString(), "peer"));
            throughLauncher.addAll(peerArguments);
            // The launcher builds the jars first if their sources changed: not a start to time.
            requireHelp(launcher, launcherEnvironment, workspace, timeout);
            for (int round = 1; round <= runs; round++) {
                // A first start: no state at all, so every file is hashed and a new identity made.
                Workspace.empty(folder.resolve(".p2pshare"));
                plainFirst.add(timeToListening(plain, Map.of(), workspace, "plain-first-" + round, timeout));
                report(progress, "first start, java -jar", round, plainFirst);
                plainSecond.add(timeToListening(plain, Map.of(), workspace, "plain-second-" + round, timeout));
                report(progress, "second start, java -jar", round, plainSecond);

                Workspace.empty(folder.resolve(".p2pshare"));
                Workspace.empty(archives);
                launcherFirst.add(timeToListening(throughLauncher, launcherEnvironment, workspace,
                        "launcher-first-" + round, timeout));
                report(progress, "first start, launcher", round, launcherFirst);
                launcherSecond.add(timeToListening(throughLauncher, launcherEnvironment, workspace,
                        "launcher-second-" + round, timeout));
                report(progress, "second start, launcher", round, launcherSecond);
            }
            // What a start costs whatever the folder: the same launcher and archive on an empty
            // folder, and under it two floors: a JVM that only loads that folder's identity and
            // completes one TLS handshake with the tracker, and one that also parses its command
            // line with picocli and registers.
            Path empty = workspace.root().resolve("startup/empty");
            Files.createDirectories(empty);
            List<String> emptyThroughLauncher = new ArrayList<>(List.of(launcher.toString(), "peer", empty.toString(),
                    "--tracker", "127.0.0.1:" + tracker.port(), "--port", "0", "--name", "startup-empty"));
            timeToListening(emptyThroughLauncher, launcherEnvironment, workspace, "launcher-empty-identity", timeout);
            List<String> floorCommand = floorCommand(jars.java(), TlsHandshakeFloor.class, empty, tracker.port(),
                    workspace, timeout);
            List<String> registeredFloorCommand = floorCommand(jars.java(), RegisteredFloor.class, empty,
                    tracker.port(), workspace, timeout);
            for (int round = 1; round <= runs; round++) {
                launcherEmpty.add(timeToListening(emptyThroughLauncher, launcherEnvironment, workspace,
                        "launcher-empty-" + round, timeout));
                report(progress, "second start on an empty folder, launcher", round, launcherEmpty);
                floor.add(timeToListening(floorCommand, Map.of(), workspace, "floor-" + round, timeout));
                report(progress, "TLS handshake floor", round, floor);
                registeredFloor.add(timeToListening(registeredFloorCommand, Map.of(), workspace,
                        "registered-floor-" + round, timeout));
                report(progress, "registration floor", round, registeredFloor);
            }
        } finally {
            Collections.reverse(started);
            started.forEach(ChildProcess::close);
        }
        progress.println("bench: measuring SHA-256 on one core");
        progress.flush();
        double ceiling = HashingCeiling.bytesPerSecond(Math.min(totalBytes, 1L << 30), 3);
        out.printf(Locale.ROOT, "### Peer start-up on %,d files, %s, %d %s%n%n", files, Units.bytes(totalBytes), runs,
                runs == 1 ? "run" : "runs");
        out.println("Seconds from launching the peer to its `listening on` line, a tracker already running: with "
                + "`java -jar peer.jar`, and with `./p2pshare peer`, whose first start makes at exit the class-data "
                + "archive its second start uses. Below them, what a start costs whatever the folder: a second "
                + "start on an empty folder; the floor under any Java peer, a JVM that does nothing but load "
                + "an identity and complete one TLS 1.3 handshake with the tracker (no command line, JSON, folder "
                + "or logging); and that floor with what every start of this peer adds whatever its folder: its "
                + "command line parsed with picocli, then `hello` and a `register` with no files, in JSON.");
        out.println();
        out.println("| start | launched with | median | min | max | folder size ÷ median |");
        out.println("|---|---|---:|---:|---:|---:|");
        row(out, "first start: every file hashed", "`java -jar`", plainFirst, totalBytes);
        row(out, "first start: every file hashed", "`./p2pshare`, no archive yet", launcherFirst, totalBytes);
        row(out, "second start: hashes cached", "`java -jar`", plainSecond, -1);
        row(out, "second start: hashes cached", "`./p2pshare`, the first start's archive", launcherSecond, -1);
        row(out, "second start: an empty folder", "`./p2pshare`, the same archive", launcherEmpty, -1);
        row(out, "floor: a JVM that loads an identity and completes one TLS handshake with the tracker",
                "`java -cp bench.jar`, its own archive", floor, -1);
        row(out, "floor with a command line and a registration: the above, its arguments parsed with picocli, "
                + "then `hello` and `register` with no files", "`java -cp bench.jar`, its own archive",
                registeredFloor, -1);
        out.printf(Locale.ROOT, "| SHA-256 on one core, warm, in memory (the ceiling) | — | — | — | — | %s |%n%n",
                rate(ceiling));
        out.flush();
        return 0;
    }

    /**
     * The command that runs {@code program}'s {@code main} with {@code java} on the identity in
     * {@code folder}'s state and the tracker at {@code port}, with a class-data archive of its own
     * recorded here first, as the launcher gives a peer.
     */
    private static List<String> floorCommand(Path java, Class<?> program, Path folder, int port, Workspace workspace,
            Duration timeout) throws IOException {
        Path archive = workspace.root().resolve("startup/" + program.getSimpleName() + ".jsa");
        Files.deleteIfExists(archive);
        List<String> arguments = List.of("-cp", OwnJar.path().toString(), program.getName(),
                folder.resolve(".p2pshare").toString(), Integer.toString(port));
        List<String> recording = new ArrayList<>(List.of(java.toString(), "-Xlog:cds=off",
                "-XX:ArchiveClassesAtExit=" + archive));
        recording.addAll(arguments);
        timeToListening(recording, Map.of(), workspace, program.getSimpleName() + "-archive", timeout);
        List<String> command = new ArrayList<>(List.of(java.toString(), "-Xlog:cds=off",
                "-XX:SharedArchiveFile=" + archive));
        command.addAll(arguments);
        return command;
    }

    private static void row(PrintWriter out, String start, String launchedWith, List<Double> seconds, long hashedBytes) {
        double median = Results.median(seconds);
        out.printf(Locale.ROOT, "| %s | %s | %.2f s | %.2f s | %.2f s | %s |%n", start, launchedWith, median,
                seconds.stream().mapToDouble(Double::doubleValue).min().orElse(0),
                seconds.stream().mapToDouble(Double::doubleValue).max().orElse(0),
                hashedBytes < 0 ? "—" : rate(hashedBytes / median));
    }

    private static String rate(double bytesPerSecond) {
        return String.format(Locale.ROOT, "%.2f GB/s", bytesPerSecond / 1e9);
    }

    private static void report(PrintWriter progress, String which, int round, List<Double> seconds) {
        progress.printf(Locale.ROOT, "bench: %s, run %d: %.2f s%n", which, round, seconds.get(seconds.size() - 1));
        progress.flush();
    }

    /** Runs {@code launcher peer --help}, which must exit 0, building the jars first if it has to. */
    private static void requireHelp(Path launcher, Map<String, String> environment, Workspace workspace,
            Duration timeout) throws IOException {
        Path logs = workspace.logFolder("startup-launcher-help");
        try (ChildProcess help = ChildProcess.start("launcher-help", List.of(launcher.toString(), "peer", "--help"),
                environment, workspace.root(), logs)) {
            int exit = help.awaitExit(timeout);
            if (exit != 0) {
                throw new IOException(launcher + " peer --help exited with " + exit + "; its output is in " + logs);
            }
        }
    }

    /** Launches a peer with {@code command}, times it to {@code listening on}, and stops it; it must exit 0. */
    private static double timeToListening(List<String> command, Map<String, String> environment, Workspace workspace,
            String run, Duration timeout) throws IOException {
        Path logs = workspace.logFolder("startup-" + run);
        long launched = System.nanoTime();
        try (ChildProcess peer = ChildProcess.start("peer", command, environment, workspace.root(), logs)) {
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
