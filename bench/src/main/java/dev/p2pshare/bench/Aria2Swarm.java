package dev.p2pshare.bench;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The BitTorrent comparison: aria2 seeders and downloaders with an opentracker, on loopback only
 * (no DHT, local peer discovery or peer exchange), the torrent made with 1 MiB pieces like
 * p2pshare's chunks. Downloaders keep seeding until every one is done. Timed from the moment the
 * downloading aria2 processes are launched: aria2 is a program started per download.
 */
final class Aria2Swarm implements Contender {

    private static final Duration STARTUP = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(20);
    private static final String COMPLETE = "bench-complete";
    private static final Pattern INFO_HASH = Pattern.compile("Info Hash: ([0-9a-f]{40})");
    private static final Pattern SCRAPE_COMPLETE = Pattern.compile("8:completei(\\d+)e");

    private final Workspace workspace;
    private final Path data;
    private final Scenario scenario;
    private final String fileAllocation;
    private final Duration timeout;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Path torrent;
    private Path trackerFolder;
    private Path hook;
    private int trackerPort;
    private byte[] infoHash;
    private String version = "aria2";

    Aria2Swarm(Workspace workspace, Path data, Scenario scenario, String fileAllocation, Duration timeout) {
        this.workspace = workspace;
        this.data = data;
        this.scenario = scenario;
        this.fileAllocation = fileAllocation;
        this.timeout = timeout;
    }

    @Override
    public String label() {
        return version + " + opentracker, launched (file allocation: " + fileAllocation + ")";
    }

    @Override
    public void prepare() throws IOException {
        for (String tool : List.of("aria2c", "opentracker", "mktorrent")) {
            if (!onPath(tool)) {
                throw new IOException(tool + " is not installed: bench/run installs aria2, opentracker and mktorrent,"
                        + " or leave aria2 out with --no-aria2");
            }
        }
        Path folder = workspace.emptyFolder("aria2/setup");
        trackerPort = FreePorts.pick(1).get(0);
        torrent = folder.resolve("bench.torrent");
        runToEnd(folder, "mktorrent", "-l", "20", "-a", RunningOpentracker.announceUrl(trackerPort), "-o",
                torrent.toString(), data.toString());
        Matcher hash = INFO_HASH.matcher(runToEnd(folder, "aria2c", "-S", torrent.toString()));
        if (!hash.find()) {
            throw new IOException("aria2c -S did not show the torrent's info hash");
        }
        infoHash = HexFormat.of().parseHex(hash.group(1));
        String versionLine = runToEnd(folder, "aria2c", "--version").lines().findFirst().orElse("aria2");
        version = versionLine.replace("aria2 version ", "aria2 ");

        trackerFolder = folder.resolve("opentracker");
        Files.createDirectories(trackerFolder);
        Files.writeString(trackerFolder.resolve("whitelist"), hash.group(1) + "\n");
        hook = folder.resolve("on-complete.sh");
        Files.writeString(hook, "#!/bin/sh\necho \"" + COMPLETE + " $3\"\n");
        Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Override
    public Measurement run(String run) throws IOException {
        Path logs = workspace.logFolder(run);
        List<ChildProcess> started = new ArrayList<>();
        try {
            started.add(RunningOpentracker.start(trackerFolder, trackerPort, logs).process());

            List<Integer> ports = FreePorts.pick(scenario.seeders() + scenario.downloaders());
            for (int i = 1; i <= scenario.seeders(); i++) {
                Path folder = workspace.sharingFolder("aria2/seeder-" + i, data);
                started.add(ChildProcess.start("seeder-" + i, aria2(folder, ports.get(i - 1),
                        "--bt-seed-unverified=true"), workspace.root(), logs));
            }
            awaitSeeders();
            List<Path> folders = new ArrayList<>();
            for (int i = 1; i <= scenario.downloaders(); i++) {
                folders.add(workspace.emptyFolder("aria2/downloader-" + i));
            }
            Workspace.warm(data);

            List<ChildProcess> downloaders = new ArrayList<>();
            OptionalDouble cpuBefore = ChildProcess.cpuSeconds(started);
            long startNanos = System.nanoTime();
            for (int i = 1; i <= scenario.downloaders(); i++) {
                ChildProcess downloader = ChildProcess.start("downloader-" + i, aria2(folders.get(i - 1),
                        ports.get(scenario.seeders() + i - 1), "--on-bt-download-complete=" + hook), workspace.root(),
                        logs);
                started.add(downloader);
                downloaders.add(downloader);
            }
            long endNanos = startNanos;
            for (ChildProcess downloader : downloaders) {
                endNanos = Math.max(endNanos, downloader.awaitLine(line -> line.startsWith(COMPLETE), timeout).nanos());
            }
            OptionalDouble cpu = ChildProcess.cpuSince(cpuBefore, started);
            for (Path folder : folders) {
                Workspace.requireSameBytes(data, folder.resolve(Workspace.FILE_NAME));
                Workspace.empty(folder);
            }
            return new Measurement((endNanos - startNanos) / 1e9, cpu);
        } finally {
            Collections.reverse(started);
            started.forEach(ChildProcess::close);
        }
    }

    private List<String> aria2(Path folder, int port, String... more) {
        List<String> command = new ArrayList<>(List.of("aria2c", "--enable-dht=false", "--enable-dht6=false",
                "--bt-enable-lpd=false", "--enable-peer-exchange=false", "--interface=127.0.0.1",
                "--listen-port=" + port, "--seed-ratio=0.0", "--check-integrity=false",
                "--file-allocation=" + fileAllocation, "--summary-interval=0", "--console-log-level=warn",
                "--dir=" + folder));
        command.addAll(List.of(more));
        command.add(torrent.toString());
        return command;
    }

    /** Waits until the tracker counts every seeder as a complete source, so downloaders find them. */
    private void awaitSeeders() throws IOException {
        StringBuilder query = new StringBuilder();
        for (byte b : infoHash) {
            query.append('%').append(String.format("%02X", b & 0xFF));
        }
        HttpRequest scrape = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + trackerPort
                + "/scrape?info_hash=" + query)).timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (true) {
            try {
                String body = new String(http.send(scrape, HttpResponse.BodyHandlers.ofByteArray()).body(),
                        StandardCharsets.ISO_8859_1);
                Matcher complete = SCRAPE_COMPLETE.matcher(body);
                if (complete.find() && Integer.parseInt(complete.group(1)) >= scenario.seeders()) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the aria2 seeders", e);
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("the aria2 seeders did not announce themselves within " + STARTUP.toSeconds()
                        + " s");
            }
            pause();
        }
    }

    private static void pause() throws IOException {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static boolean onPath(String tool) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String directory : path.split(File.pathSeparator)) {
            if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, tool))) {
                return true;
            }
        }
        return false;
    }

    /** Runs a tool to its end and returns what it printed; fails unless it exits 0. */
    private String runToEnd(Path folder, String... command) throws IOException {
        Path logs = workspace.logFolder("setup-" + command[0]);
        try (ChildProcess process = ChildProcess.start(command[0], List.of(command), folder, logs)) {
            int exit = process.awaitExit(timeout);
            // Output is read on other threads; the process's end does not mean they have read it all.
            process.awaitEndOfOutput(STARTUP);
            if (exit != 0) {
                throw new IOException(String.join(" ", command) + " exited with " + exit + "; see " + logs);
            }
            StringBuilder out = new StringBuilder();
            process.lines().forEach(line -> out.append(line.text()).append('\n'));
            return out.toString();
        }
    }
}
