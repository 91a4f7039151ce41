package dev.p2pshare.peer;

import dev.p2pshare.protocol.testkit.JarProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The shipped jars as processes in one test's folder: a tracker, and peers started on folders
 * inside it, each pointed at the tracker. Every process is killed at {@link #close}.
 */
final class JarNetwork implements AutoCloseable {

    static final Duration PATIENCE = Duration.ofSeconds(60);
    static final Path TRACKER_JAR = JarProcess.jar("p2pshare.tracker.jar");
    static final Path PEER_JAR = JarProcess.jar("p2pshare.peer.jar");

    private final Path root;
    private final List<JarProcess> processes = new ArrayList<>();
    private int trackerPort;

    JarNetwork(Path root) {
        this.root = root;
    }

    /** Starts the tracker on a free port, keeping its identity under the test's folder. */
    JarProcess startTracker(String... args) throws IOException, InterruptedException {
        JarProcess tracker = start(TRACKER_JAR, args);
        trackerPort = tracker.awaitListeningPort();
        return tracker;
    }

    /** Starts {@code java -jar jar args…} in the test's folder; a tracker keeps its state there too. */
    JarProcess start(Path jar, String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of(args));
        if (jar.equals(TRACKER_JAR)) {
            // Restarted trackers keep their identity, as a real one does, and the user's home is left alone.
            all.addAll(List.of("--state", root.resolve("tracker-state").toString()));
            // The test's traffic stays on this machine: no announcement on the LAN.
            all.add("--no-announce");
        }
        return launch(jar, all);
    }

    /**
     * Starts a tracker on a free port that is independent of the others: it keeps its own identity
     * in {@code state} under the test's folder. The caller waits for its port.
     */
    JarProcess startIndependentTracker(String state) throws IOException {
        return launch(TRACKER_JAR, List.of("--port", "0", "--state", root.resolve(state).toString(),
                "--no-announce"));
    }

    private JarProcess launch(Path jar, List<String> args) throws IOException {
        JarProcess process = JarProcess.start(jar, root, args.toArray(String[]::new));
        processes.add(process);
        return process;
    }

    /** Starts a peer on {@code folder} (relative to the test's folder), heartbeating every second. */
    JarProcess startPeer(String folder, String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of(folder, "--tracker", "127.0.0.1:" + trackerPort, "--heartbeat", "1"));
        args.addAll(List.of(extra));
        return start(PEER_JAR, args.toArray(String[]::new));
    }

    /** Runs a peer on {@code folder} with {@code lines} on stdin until it exits. */
    JarProcess script(String folder, String... lines) throws IOException, InterruptedException {
        JarProcess peer = startPeer(folder);
        peer.script(lines);
        peer.exitStatus(PATIENCE);
        return peer;
    }

    /** The tracker's port. */
    int trackerPort() {
        return trackerPort;
    }

    /** Every process started, oldest first. */
    List<JarProcess> processes() {
        return processes;
    }

    /** {@code relative} inside the test's folder. */
    Path path(String relative) {
        return root.resolve(relative);
    }

    /** The SHA-256 of a file's content, in hex. */
    static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    @Override
    public void close() {
        processes.forEach(JarProcess::close);
    }
}
