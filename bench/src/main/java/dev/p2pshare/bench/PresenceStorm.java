package dev.p2pshare.bench;

import dev.p2pshare.protocol.ErrorCode;
import dev.p2pshare.protocol.Message;
import dev.p2pshare.protocol.transport.ErrorReplyException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.HdrHistogram.Histogram;

/**
 * Presence at scale, against the tracker jar: a start storm (every session registers and
 * subscribes with presence at once while those already in keep sending heartbeats), a broadcast
 * flood (many sessions broadcasting at once), then a mass leave (every connection dropped at once).
 * The sessions' TLS connections are opened first and not timed.
 */
final class PresenceStorm {

    /** As for the request mix: opening ten thousand sessions takes longer than the default ttl. */
    private static final int PEER_TTL_SECONDS = 900;

    /** Threads registering sessions: the storm's concurrency. */
    private static final int JOINING_THREADS = 64;

    /** Threads sending heartbeats from the sessions already in, during the storm. */
    private static final int HEARTBEAT_THREADS = 4;

    /** Threads for everything else: draining, closing. */
    private static final int WORKERS = 16;

    /** Threads opening TLS connections: few, since the tracker gives each handshake only so long. */
    private static final int OPENERS = 4;

    /** Sessions that broadcast in the flood, taking turns, for this long. */
    private static final int FLOOD_SENDERS = 1000;
    private static final Duration FLOOD = Duration.ofSeconds(5);

    /** Long enough for the tracker's last presence summary to go out. */
    private static final Duration SETTLE = Duration.ofSeconds(2);

    private final List<PresenceSession> sessions;
    private final long trackerPid;
    private final PrintWriter progress;

    private PresenceStorm(List<PresenceSession> sessions, long trackerPid, PrintWriter progress) {
        this.sessions = sessions;
        this.trackerPid = trackerPid;
        this.progress = progress;
    }

    /** Prints the tables' headings. */
    static void printHeadings(PrintWriter out) {
        out.println("### Presence storm and mass leave: every session registers and subscribes with presence at once");
        out.println();
        out.println("| sessions | all joined in | join p99 | heartbeats during the storm | heartbeat p99 | errors "
                + "| notices per session (min / mean / max) | of which presence-changed (mean) "
                + "| tracker peak RSS | all gone in | leave errors |");
        out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    }

    /**
     * Runs the storm, the flood and the mass leave with {@code count} sessions against a fresh
     * tracker of {@code jars}, printing a storm row to {@code out} and returning the flood's row,
     * to be printed under its own heading.
     */
    static String run(P2pshareSwarm.Jars jars, Workspace workspace, int count, PrintWriter out, PrintWriter progress)
            throws IOException {
        try (RunningTracker tracker = RunningTracker.start(jars, workspace, workspace.logFolder("presence-" + count),
                Duration.ofSeconds(60), "--peer-ttl", String.valueOf(PEER_TTL_SECONDS))) {
            progress.printf(Locale.ROOT, "bench: opening %,d sessions (TLS and hello, not timed)%n", count);
            progress.flush();
            PresenceStorm storm = new PresenceStorm(open(tracker.address(), count), tracker.process().pid(), progress);
            // From an address no storm session uses, so that it never meets the limit of one.
            PresenceSession probe = PresenceSession.open(
                    LoopbackAddresses.forSession(count + LoopbackAddresses.SESSIONS_PER_ADDRESS), tracker.address(), "probe");
            try {
                String stormRow = storm.storm();
                String floodRow = storm.flood();
                out.println(stormRow + storm.massLeave(probe) + " |");
                out.flush();
                return floodRow;
            } finally {
                probe.close();
                storm.forEach(WORKERS, i -> storm.sessions.get(i).abort());
            }
        }
    }

    /** Prints the flood table from its rows. */
    static void printFlood(PrintWriter out, List<String> rows) {
        out.printf(Locale.ROOT, "### Broadcast flood: up to %,d sessions take turns broadcasting, %d at a time, for %d s, "
                + "while %d threads read every session's notices%n%n", FLOOD_SENDERS, WORKERS, FLOOD.toSeconds(),
                HEARTBEAT_THREADS);
        out.println("| sessions | senders | broadcasts | relayed | refused: network busy | refused: other | errors "
                + "| notices fanned out/s | budget/s (burst) | texts read by the sessions |");
        out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        rows.forEach(out::println);
        out.println();
        out.flush();
    }

    private String storm() {
        int count = sessions.size();
        progress.printf(Locale.ROOT, "bench: storm: %,d sessions join on %d threads while %d threads send heartbeats%n",
                count, JOINING_THREADS, HEARTBEAT_THREADS);
        progress.flush();
        AtomicReferenceArray<PresenceSession> joined = new AtomicReferenceArray<>(count);
        AtomicInteger joinedCount = new AtomicInteger();
        AtomicInteger nextToJoin = new AtomicInteger();
        AtomicLong errors = new AtomicLong();
        Histogram joins = new Histogram(600_000_000L, 3);
        Histogram heartbeats = new Histogram(600_000_000L, 3);
        long start = System.nanoTime();
        List<CompletableFuture<Void>> joiners = new ArrayList<>();
        for (int t = 0; t < JOINING_THREADS; t++) {
            joiners.add(CompletableFuture.runAsync(() -> {
                int i;
                while ((i = nextToJoin.getAndIncrement()) < count) {
                    long began = System.nanoTime();
                    try {
                        sessions.get(i).join();
                        record(joins, began);
                        joined.set(joinedCount.getAndIncrement(), sessions.get(i));
                    } catch (IOException e) {
                        failed(errors, "joining", e);
                    }
                }
            }, runnable -> new Thread(runnable, "joining").start()));
        }
        AtomicBoolean stormOver = new AtomicBoolean();
        List<CompletableFuture<Void>> beaters = new ArrayList<>();
        for (int t = 0; t < HEARTBEAT_THREADS; t++) {
            int first = t;
            beaters.add(CompletableFuture.runAsync(() -> {
                int i = first;
                while (!stormOver.get()) {
                    int in = joinedCount.get();
                    PresenceSession session = in == 0 ? null : joined.get(i % in);
                    i += HEARTBEAT_THREADS;
                    if (session == null) {
                        Thread.onSpinWait();
                        continue;
                    }
                    long began = System.nanoTime();
                    try {
                        session.heartbeat();
                        record(heartbeats, began);
                    } catch (IOException e) {
                        failed(errors, "a heartbeat", e);
                    }
                }
            }, runnable -> new Thread(runnable, "heartbeats").start()));
        }
        joiners.forEach(CompletableFuture::join);
        double joinSeconds = (System.nanoTime() - start) / 1e9;
        stormOver.set(true);
        beaters.forEach(CompletableFuture::join);
        String peak = peakRss();
        settle();
        forEach(WORKERS, i -> sessions.get(i).heartbeat());
        long least = Long.MAX_VALUE;
        long most = 0;
        long total = 0;
        long summaries = 0;
        for (PresenceSession session : sessions) {
            PresenceSession.Notices notices = session.notices();
            least = Math.min(least, notices.total());
            most = Math.max(most, notices.total());
            total += notices.total();
            summaries += notices.summaries();
        }
        return String.format(Locale.ROOT, "| %,d | %.1f s | %.1f ms | %,d | %.1f ms | %,d | %,d / %.1f / %,d | %.1f | %s ",
                count, joinSeconds, millis(joins, 99), heartbeats.getTotalCount(), millis(heartbeats, 99), errors.get(),
                least, (double) total / count, most, (double) summaries / count, peak);
    }

    private String flood() {
        int senders = Math.min(FLOOD_SENDERS, sessions.size());
        progress.printf(Locale.ROOT, "bench: flood: %,d sessions broadcast for %d s%n", senders, FLOOD.toSeconds());
        progress.flush();
        long textsBefore = sessions.stream().mapToLong(session -> session.notices().texts()).sum();
        AtomicLong sent = new AtomicLong();
        AtomicLong relayed = new AtomicLong();
        AtomicLong busy = new AtomicLong();
        AtomicLong otherRefusals = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicInteger nextSender = new AtomicInteger();
        AtomicInteger nextReader = new AtomicInteger();
        long start = System.nanoTime();
        long until = start + FLOOD.toNanos();
        List<CompletableFuture<Void>> threads = new ArrayList<>();
        for (int t = 0; t < WORKERS; t++) {
            threads.add(CompletableFuture.runAsync(() -> {
                while (System.nanoTime() < until) {
                    int i = Math.floorMod(nextSender.getAndIncrement(), senders);
                    sent.incrementAndGet();
                    try {
                        relayed.addAndGet(sessions.get(i).broadcast("flood from " + i));
                    } catch (ErrorReplyException refusal) {
                        if (refusal.code() == ErrorCode.LIMIT_EXCEEDED && refusal.getMessage().contains("network is busy")) {
                            busy.incrementAndGet();
                        } else {
                            otherRefusals.incrementAndGet();
                        }
                    } catch (IOException e) {
                        failed(errors, "a broadcast", e);
                    }
                }
            }, runnable -> new Thread(runnable, "flooding").start()));
        }
        // The others read their notices meanwhile, as peers do: unread, they would pile up in the kernel.
        for (int t = 0; t < HEARTBEAT_THREADS; t++) {
            threads.add(CompletableFuture.runAsync(() -> {
                while (System.nanoTime() < until) {
                    try {
                        sessions.get(Math.floorMod(nextReader.getAndIncrement(), sessions.size())).heartbeat();
                    } catch (IOException e) {
                        failed(errors, "reading notices", e);
                    }
                }
            }, runnable -> new Thread(runnable, "reading").start()));
        }
        threads.forEach(CompletableFuture::join);
        double seconds = (System.nanoTime() - start) / 1e9;
        settle();
        forEach(WORKERS, i -> sessions.get(i).heartbeat());
        long texts = sessions.stream().mapToLong(session -> session.notices().texts()).sum() - textsBefore;
        return String.format(Locale.ROOT, "| %,d | %,d | %,d | %,d | %,d | %,d | %,d | %,.0f | %,d (%,d) | %,d |",
                sessions.size(), senders, sent.get(), sent.get() - busy.get() - otherRefusals.get() - errors.get(),
                busy.get(), otherRefusals.get(), errors.get(), relayed.get() / seconds, 20_000, 40_000, texts);
    }

    /** Drops every connection at once and times until {@code probe} is told no peer is online. */
    private String massLeave(PresenceSession probe) throws IOException {
        progress.printf(Locale.ROOT, "bench: mass leave: dropping %,d connections%n", sessions.size());
        progress.flush();
        long start = System.nanoTime();
        long errors = forEach(WORKERS, i -> sessions.get(i).abort());
        long deadline = start + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                Message.PeerList list = probe.listPeers();
                if (list.peers().isEmpty() && !list.truncated()) {
                    return String.format(Locale.ROOT, "| %.1f s | %,d", (System.nanoTime() - start) / 1e9, errors);
                }
            } catch (IOException e) {
                errors++;
                progress.println("bench: listing the peers failed: " + e.getMessage());
            }
            pause(Duration.ofMillis(50));
        }
        return String.format(Locale.ROOT, "| over 5 min | %,d", errors);
    }

    /** A step of one session that may fail. */
    private interface Step {
        void run(int index) throws IOException;
    }

    private long forEach(int threads, Step step) {
        return forEach(threads, sessions.size(), step);
    }

    /** Runs {@code step} for sessions 0 to {@code count - 1} on {@code threads} threads; returns how many failed. */
    private long forEach(int threads, int count, Step step) {
        AtomicInteger next = new AtomicInteger();
        AtomicLong errors = new AtomicLong();
        List<CompletableFuture<Void>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(CompletableFuture.runAsync(() -> {
                int i;
                while ((i = next.getAndIncrement()) < count) {
                    try {
                        step.run(i);
                    } catch (IOException e) {
                        failed(errors, "a session step", e);
                    }
                }
            }, runnable -> new Thread(runnable, "presence-worker").start()));
        }
        workers.forEach(CompletableFuture::join);
        return errors.get();
    }

    private static List<PresenceSession> open(InetSocketAddress tracker, int count) throws IOException {
        AtomicReferenceArray<PresenceSession> opened = new AtomicReferenceArray<>(count);
        AtomicInteger next = new AtomicInteger();
        List<CompletableFuture<Void>> openers = new ArrayList<>();
        for (int t = 0; t < OPENERS; t++) {
            openers.add(CompletableFuture.runAsync(() -> {
                int i;
                while ((i = next.getAndIncrement()) < count) {
                    try {
                        opened.set(i, PresenceSession.open(LoopbackAddresses.forSession(i), tracker, "watcher-" + i));
                    } catch (IOException e) {
                        throw new IllegalStateException("opening session " + i + " failed: " + e.getMessage(), e);
                    }
                }
            }, runnable -> new Thread(runnable, "opener").start()));
        }
        List<PresenceSession> sessions = new ArrayList<>(count);
        try {
            openers.forEach(CompletableFuture::join);
        } catch (RuntimeException e) {
            for (int i = 0; i < count; i++) {
                if (opened.get(i) != null) {
                    opened.get(i).abort();
                }
            }
            throw new IOException(e.getMessage(), e);
        }
        for (int i = 0; i < count; i++) {
            sessions.add(opened.get(i));
        }
        return sessions;
    }

    /** The tracker's peak resident memory so far (VmHWM), or {@code ?} where /proc cannot tell. */
    private String peakRss() {
        Path status = Path.of("/proc", String.valueOf(trackerPid), "status");
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmHWM:")) {
                    return Units.bytes(Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024);
                }
            }
        } catch (IOException e) {
            progress.println("bench: cannot read the tracker's memory: " + e.getMessage());
        }
        return "?";
    }

    private void failed(AtomicLong errors, String what, IOException e) {
        if (errors.getAndIncrement() == 0) {
            progress.println("bench: first error, in " + what + ": " + e);
            progress.flush();
        }
    }

    private static void record(Histogram histogram, long beganNanos) {
        synchronized (histogram) {
            histogram.recordValue(Math.min(histogram.getHighestTrackableValue(), (System.nanoTime() - beganNanos) / 1000));
        }
    }

    private static double millis(Histogram histogram, double percentile) {
        return histogram.getValueAtPercentile(percentile) / 1000.0;
    }

    private static void settle() {
        pause(SETTLE);
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
