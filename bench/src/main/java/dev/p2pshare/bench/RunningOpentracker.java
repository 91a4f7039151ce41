package dev.p2pshare.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Debian's opentracker started for a benchmark on a port of 127.0.0.1, serving only the info
 * hashes in its whitelist. Closing it stops the process.
 */
record RunningOpentracker(ChildProcess process, int port) implements AutoCloseable {

    private static final Duration STARTUP = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(20);

    /**
     * Starts opentracker on {@code port} (from {@link FreePorts}: torrents name it before it runs)
     * in {@code folder}, which holds its {@code whitelist} (info hashes in hex, a line each), and
     * waits until it accepts connections.
     */
    static RunningOpentracker start(Path folder, int port, Path logs) throws IOException {
        if (!Files.isRegularFile(folder.resolve("whitelist"))) {
            throw new IllegalArgumentException(folder + " has no whitelist");
        }
        List<String> command = new ArrayList<>(List.of("opentracker", "-i", "127.0.0.1", "-p", String.valueOf(port),
                "-P", String.valueOf(port), "-w", "whitelist"));
        // Run as root, opentracker changes root into its folder and drops to nobody: everything it
        // reads must be in the folder and readable by all.
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("-d", folder.toString(), "-u", "nobody"));
        }
        ChildProcess process = ChildProcess.start("opentracker", command, folder, logs);
        try {
            awaitPort(port);
            return new RunningOpentracker(process, port);
        } catch (IOException | RuntimeException e) {
            process.close();
            throw e;
        }
    }

    /** Its announce address: {@code http://127.0.0.1:PORT/announce}. */
    static String announceUrl(int port) {
        return "http://127.0.0.1:" + port + "/announce";
    }

    @Override
    public void close() {
        process.close();
    }

    private static void awaitPort(int port) throws IOException {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (true) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("opentracker did not listen on port " + port + " within "
                            + STARTUP.toSeconds() + " s", notYet);
                }
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for opentracker", e);
            }
        }
    }
}
