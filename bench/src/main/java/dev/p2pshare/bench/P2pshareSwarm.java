package dev.p2pshare.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * p2pshare itself, from the jars a user runs: a tracker, seeders serving the file, and
 * downloaders told to {@code get} it at the same moment. Downloaders keep serving what they have
 * until every one of them is done.
 *
 * <p>Timed one of two ways: from the moment the {@code get} commands are sent to peers already
 * running (a peer is a program left running, so this is the wait its user sees), or from the
 * moment the downloading peers are launched with the command, start-up included.
 */
final class P2pshareSwarm implements Contender {

    /** When the clock starts. */
    enum Start {
        /** Downloading peers are running and registered; the clock starts at {@code get}. */
        PEERS_RUNNING,
        /** The clock starts when the downloading peers are launched, the {@code get} already typed. */
        PEERS_LAUNCHED,
        /**
         * Downloading peers are running and have each downloaded two other files of the same size,
         * so that their code is compiled; the clock starts at {@code get}.
         */
        PEERS_WARMED
    }

    /**
     * The programs to run: the {@code java} launcher and the two jars, and what to call them in
     * the results ({@code p2pshare}, or another build compared with it).
     */
    record Jars(String name, Path java, Path tracker, Path peer) {

        /**
         * The jars built in {@code checkout}, run with {@code java} (or, if null, the launcher
         * running this).
         *
         * @throws IllegalArgumentException if a jar is missing, saying how to build it
         */
        static Jars in(String name, Path checkout, Path java) {
            Path tracker = checkout.resolve("tracker/target/tracker.jar").toAbsolutePath();
            Path peer = checkout.resolve("peer/target/peer.jar").toAbsolutePath();
            for (Path jar : List.of(tracker, peer)) {
                if (!Files.isRegularFile(jar)) {
                    throw new IllegalArgumentException(jar + " is missing: build the jars with "
                            + "'mvn -B -q package -DskipTests' in " + checkout.toAbsolutePath().normalize()
                            + ", or point to a checkout that has them");
                }
            }
            Path launcher = java != null ? java : Path.of(System.getProperty("java.home"), "bin", "java");
            return new Jars(name, launcher, tracker, peer);
        }
    }

    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final Duration EXIT = Duration.ofSeconds(30);
    private static final Duration PROBE_INTERVAL = Duration.ofMillis(250);
    private static final int WARM_UP_DOWNLOADS = 2;
    private static final Pattern SUMMARY = Pattern.compile(
            "downloaded .* fetched (\\d+) bytes \\((\\d+) more discarded\\) from \\{([^}]*)\\}");

    private final Workspace workspace;
    private final Path data;
    private final Jars jars;
    private final Scenario scenario;
    private final Start start;
    private final Duration timeout;
    private final boolean probeSeederShell;
    private final List<Path> warmUpFiles = new ArrayList<>();

    /**
     * @param probeSeederShell whether the first seeder runs its shell, rather than only serving,
     *     and has it answer a command every quarter second while the downloads run
     */
    P2pshareSwarm(Workspace workspace, Path data, Jars jars, Scenario scenario, Start start, Duration timeout,
            boolean probeSeederShell) {
        this.workspace = workspace;
        this.data = data;
        this.jars = jars;
        this.scenario = scenario;
        this.start = start;
        this.timeout = timeout;
        this.probeSeederShell = probeSeederShell;
    }

    @Override
    public String label() {
        return jars.name() + switch (start) {
            case PEERS_RUNNING -> ", peers running, timed from get";
            case PEERS_LAUNCHED -> ", peers launched with the get";
            case PEERS_WARMED -> ", peers warmed by two downloads first, timed from get";
        };
    }

    @Override
    public void prepare() throws IOException {
        if (start == Start.PEERS_WARMED) {
            long size = Files.size(data);
            for (int k = 1; k <= WARM_UP_DOWNLOADS; k++) {
                warmUpFiles.add(workspace.dataFile("warm-up-" + k + ".bin", size));
            }
        }
    }

    @Override
    public Measurement run(String run) throws IOException {
        Path logs = workspace.logFolder(run);
        List<ChildProcess> started = new ArrayList<>();
        try {
            RunningTracker tracker = RunningTracker.start(jars, workspace, logs, STARTUP);
            started.add(tracker.process());
            String address = tracker.hostAndPort();
            List<ChildProcess> seeders = new ArrayList<>();
            for (int i = 1; i <= scenario.seeders(); i++) {
                Path folder = start == Start.PEERS_WARMED
                        ? workspace.sharingFolder("p2pshare/seeder-warm-" + i, withWarmUpFiles())
                        : workspace.sharingFolder("p2pshare/seeder-" + i, data);
                boolean shell = probeSeederShell && i == 1;
                seeders.add(launch(started, "seeder-" + i, shell ? peer(folder, address, "seeder-" + i)
                        : peer(folder, address, "seeder-" + i, "--serve"), logs));
            }
            for (ChildProcess seeder : seeders) {
                // The first run hashes the file before the seeder is ready.
                seeder.awaitLine(RunningTracker.LISTENING.asPredicate(), timeout);
            }
            List<Path> folders = new ArrayList<>();
            for (int i = 1; i <= scenario.downloaders(); i++) {
                folders.add(workspace.emptyFolder("p2pshare/downloader-" + i));
            }
            Workspace.warm(data);

            List<ChildProcess> downloaders = new ArrayList<>();
            OptionalDouble cpuBefore = ChildProcess.cpuSeconds(started);
            long startNanos = System.nanoTime();
            for (int i = 1; i <= scenario.downloaders(); i++) {
                downloaders.add(launch(started, "downloader-" + i, peer(folders.get(i - 1), address, "downloader-" + i),
                        logs));
            }
            if (start != Start.PEERS_LAUNCHED) {
                for (ChildProcess downloader : downloaders) {
                    downloader.awaitLine(RunningTracker.LISTENING.asPredicate(), STARTUP);
                }
                for (Path warmUp : warmUpFiles) {
                    download(downloaders, warmUp.getFileName().toString(), System.nanoTime());
                }
                Workspace.warm(data);
                cpuBefore = ChildProcess.cpuSeconds(started);
                startNanos = System.nanoTime();
            }
            List<Double> shellReplies = List.of();
            long endNanos;
            try (ShellProbe probe = probeSeederShell ? ShellProbe.start(seeders.get(0), PROBE_INTERVAL) : null) {
                endNanos = download(downloaders, Workspace.FILE_NAME, startNanos);
                if (probe != null) {
                    shellReplies = probe.stop();
                }
            }
            OptionalDouble cpu = ChildProcess.cpuSince(cpuBefore, started);
            for (ChildProcess downloader : downloaders) {
                downloader.closeInput();
            }
            for (ChildProcess downloader : downloaders) {
                int exit = downloader.awaitExit(EXIT);
                if (exit != 0) {
                    throw new IOException(downloader.label() + " exited with " + exit + "; its output is in " + logs);
                }
            }
            for (Path folder : folders) {
                Workspace.requireSameBytes(data, folder.resolve(Workspace.FILE_NAME));
                Workspace.empty(folder);
            }
            Traffic traffic = Traffic.of(downloaders);
            return new Measurement((endNanos - startNanos) / 1e9, traffic.fromOtherDownloaders(), traffic.discardedShare(),
                    shellReplies, cpu);
        } finally {
            Collections.reverse(started);
            started.forEach(ChildProcess::close);
        }
    }

    /**
     * Types {@code get NAME} into every downloader and waits until each says it got it.
     *
     * @param sinceNanos when the command is sent or, for peers launched with it, was queued
     * @return when the last downloader said so, in {@link System#nanoTime} units
     */
    private long download(List<ChildProcess> downloaders, String name, long sinceNanos) throws IOException {
        for (ChildProcess downloader : downloaders) {
            downloader.send("get " + name);
        }
        long endNanos = sinceNanos;
        for (ChildProcess downloader : downloaders) {
            endNanos = Math.max(endNanos, downloader.awaitLine(line -> line.startsWith("got " + name + " "), sinceNanos,
                    timeout).nanos());
        }
        return endNanos;
    }

    private Path[] withWarmUpFiles() {
        List<Path> files = new ArrayList<>(warmUpFiles);
        files.add(0, data);
        return files.toArray(Path[]::new);
    }

    private ChildProcess launch(List<ChildProcess> started, String label, List<String> command, Path logs)
            throws IOException {
        ChildProcess process = ChildProcess.start(label, command, workspace.root(), logs);
        started.add(process);
        return process;
    }

    private List<String> peer(Path folder, String tracker, String name, String... more) {
        List<String> command = new ArrayList<>(List.of(jars.java().toString(), "-jar", jars.peer().toString(),
                folder.toString(), "--tracker", tracker, "--port", "0", "--name", name));
        command.addAll(List.of(more));
        return command;
    }

    /**
     * Where the downloaders' bytes came from, from the last summary each logs
     * ({@code ... fetched 123 bytes (4 more discarded) from {seeder-1=100, downloader-2=23}}).
     *
     * @param fromOtherDownloaders the share of the kept bytes that came from other downloaders
     * @param discardedShare the bytes received and thrown away, as a share of the kept bytes
     */
    private record Traffic(OptionalDouble fromOtherDownloaders, OptionalDouble discardedShare) {

        /** What {@code downloaders}' summaries say; empty shares if one has none. */
        static Traffic of(List<ChildProcess> downloaders) {
            long fromPeers = 0;
            long kept = 0;
            long discarded = 0;
            for (ChildProcess downloader : downloaders) {
                Matcher matcher = downloader.lines().stream().filter(ChildProcess.Line::standardError)
                        .map(line -> SUMMARY.matcher(line.text())).filter(Matcher::find)
                        .reduce((earlier, later) -> later).orElse(null);
                if (matcher == null) {
                    return new Traffic(OptionalDouble.empty(), OptionalDouble.empty());
                }
                kept += Long.parseLong(matcher.group(1));
                discarded += Long.parseLong(matcher.group(2));
                for (String entry : matcher.group(3).split(", ")) {
                    if (entry.startsWith("downloader-")) {
                        fromPeers += Long.parseLong(entry.substring(entry.lastIndexOf('=') + 1));
                    }
                }
            }
            return kept == 0 ? new Traffic(OptionalDouble.empty(), OptionalDouble.empty())
                    : new Traffic(OptionalDouble.of((double) fromPeers / kept), OptionalDouble.of((double) discarded / kept));
        }
    }
}
