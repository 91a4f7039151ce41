package dev.p2pshare.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Types {@code files} into a running peer's shell again and again, on a thread of its own, and
 * times each answer: from the line sent to the answer's last line ({@code N files, SIZE}). Shows
 * whether the shell stays usable while the peer moves data at full speed.
 */
final class ShellProbe implements AutoCloseable {

    private static final Pattern LAST_LINE = Pattern.compile("^\\d+ files?, ");
    private static final Duration ANSWER = Duration.ofSeconds(30);

    private final ChildProcess peer;
    private final Duration interval;
    private final List<Double> replyMillis = new ArrayList<>();
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread thread;
    private volatile IOException failure;

    private ShellProbe(ChildProcess peer, Duration interval) {
        this.peer = peer;
        this.interval = interval;
        this.thread = new Thread(this::probe, "shell-probe-" + peer.label());
        thread.setDaemon(true);
    }

    /** Starts probing {@code peer}'s shell every {@code interval}, the first time at once. */
    static ShellProbe start(ChildProcess peer, Duration interval) {
        ShellProbe probe = new ShellProbe(peer, interval);
        probe.thread.start();
        return probe;
    }

    /**
     * Stops probing, after the answer in flight, and returns every answer's time in milliseconds.
     *
     * @throws IOException if the shell failed to answer within 30 s
     */
    List<Double> stop() throws IOException {
        stop.countDown();
        try {
            thread.join(ANSWER.toMillis() * 2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping the shell probe", e);
        }
        if (failure != null) {
            throw failure;
        }
        synchronized (replyMillis) {
            return List.copyOf(replyMillis);
        }
    }

    @Override
    public void close() {
        stop.countDown();
    }

    private void probe() {
        try {
            do {
                long sent = System.nanoTime();
                peer.send("files");
                long answered = peer.awaitLine(text -> LAST_LINE.matcher(text).find(), sent, ANSWER).nanos();
                synchronized (replyMillis) {
                    replyMillis.add((answered - sent) / 1e6);
                }
            } while (!stop.await(interval.toMillis(), TimeUnit.MILLISECONDS));
        } catch (IOException e) {
            failure = e;
        } catch (InterruptedException e) {
            failure = new IOException("the shell probe was interrupted", e);
        }
    }
}
