package dev.p2pshare.bench;

import dev.p2pshare.protocol.FileEntry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;

/**
 * Many peer sessions held open against one tracker, and threads that keep each of their sessions
 * busy with the mix a live network sends: mostly heartbeats, then searches, locates and changes
 * to file lists. Each thread waits for each answer before its next request (a closed loop), so
 * the rate measured is what the tracker serves at that concurrency.
 */
final class TrackerLoad {

    /** What one measured stretch produced. */
    record Result(long requests, long errors, Optional<String> firstError, double seconds, Histogram latencyMicros) {
        double perSecond() {
            return requests / seconds;
        }
    }

    /** Well under the tracker's default limit of connections from one address. */
    private static final int SESSIONS_PER_ADDRESS = 200;

    private final List<LoadSession> sessions;

    private TrackerLoad(List<LoadSession> sessions) {
        this.sessions = sessions;
    }

    /** Opens and registers {@code count} sessions, each with {@code files} files, {@code parallel} at a time. */
    static TrackerLoad open(InetSocketAddress tracker, int count, int files, int parallel) throws IOException {
        List<LoadSession> sessions = new ArrayList<>();
        List<CompletableFuture<List<LoadSession>>> openers = new ArrayList<>();
        for (int worker = 0; worker < parallel; worker++) {
            int first = worker;
            openers.add(CompletableFuture.supplyAsync(() -> {
                List<LoadSession> opened = new ArrayList<>();
                SplittableRandom random = new SplittableRandom(first);
                try {
                    for (int i = first; i < count; i += parallel) {
                        opened.add(LoadSession.open(localAddress(i), tracker, "load-" + i, files, random));
                    }
                } catch (IOException e) {
                    IllegalStateException failure = new IllegalStateException("opening a session failed: "
                            + e.getMessage(), e);
                    try {
                        new TrackerLoad(opened).close();
                    } catch (IOException closing) {
                        failure.addSuppressed(closing);
                    }
                    throw failure;
                }
                return opened;
            }, runnable -> new Thread(runnable, "opener-" + first).start()));
        }
        try {
            for (CompletableFuture<List<LoadSession>> opener : openers) {
                sessions.addAll(opener.join());
            }
        } catch (RuntimeException e) {
            IOException failure = new IOException(e.getMessage(), e);
            try {
                new TrackerLoad(sessions).close();
            } catch (IOException closing) {
                failure.addSuppressed(closing);
            }
            throw failure;
        }
        return new TrackerLoad(sessions);
    }

    /**
     * The local address session {@code index} connects from: 127.0.0.2 for the first
     * {@value #SESSIONS_PER_ADDRESS}, then 127.0.0.3, and so on (127.0.1.2 after 127.0.0.251),
     * all of them this machine.
     */
    private static InetAddress localAddress(int index) throws IOException {
        int group = index / SESSIONS_PER_ADDRESS;
        if (group >= 250 * 255) {
            throw new IOException("more sessions than loopback addresses to spread them over");
        }
        return InetAddress.getByAddress(new byte[] {127, 0, (byte) (group / 250), (byte) (2 + group % 250)});
    }

    /** Runs the mix on {@code threads} threads for {@code seconds}, and says what came of it. */
    Result run(int threads, double seconds) {
        long until = System.nanoTime() + (long) (seconds * 1e9);
        AtomicLong errors = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        List<CompletableFuture<Histogram>> workers = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            int worker = t;
            workers.add(CompletableFuture.supplyAsync(() -> work(worker, threads, until, errors, firstError),
                    runnable -> new Thread(runnable, "load-" + worker).start()));
        }
        Histogram all = new Histogram(60_000_000L, 3);
        for (CompletableFuture<Histogram> worker : workers) {
            all.add(worker.join());
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        return new Result(all.getTotalCount(), errors.get(), Optional.ofNullable(firstError.get()), elapsed, all);
    }

    private Histogram work(int worker, int threads, long until, AtomicLong errors, AtomicReference<String> firstError) {
        Histogram latencies = new Histogram(60_000_000L, 3);
        SplittableRandom random = new SplittableRandom(1000 + worker);
        List<LoadSession> mine = new ArrayList<>();
        for (int i = worker; i < sessions.size(); i += threads) {
            mine.add(sessions.get(i));
        }
        if (mine.isEmpty()) {
            return latencies;
        }
        for (int turn = 0; System.nanoTime() < until; turn++) {
            LoadSession session = mine.get(turn % mine.size());
            long start = System.nanoTime();
            try {
                request(session, random);
                latencies.recordValue(Math.max(1, (System.nanoTime() - start) / 1000));
            } catch (IOException | RuntimeException e) {
                errors.incrementAndGet();
                firstError.compareAndSet(null, e.toString());
            }
        }
        return latencies;
    }

    /** 70% heartbeats, 12% searches of one or two words, 10% locates of a file another session shares, 8% file list changes. */
    private void request(LoadSession session, SplittableRandom random) throws IOException {
        int dice = random.nextInt(100);
        if (dice < 70) {
            session.heartbeat();
        } else if (dice < 82) {
            String query = RealisticNames.queryWord(random)
                    + (random.nextBoolean() ? " " + RealisticNames.queryWord(random) : "");
            session.search(query);
        } else if (dice < 92) {
            List<FileEntry> files = sessions.get(random.nextInt(sessions.size())).files();
            if (!files.isEmpty()) {
                session.locate(files.get(random.nextInt(files.size())).id());
            } else {
                session.heartbeat();
            }
        } else {
            session.replaceAFile(random);
        }
    }

    /**
     * Closes every session.
     *
     * @throws IOException the first failure to close, with any others suppressed, after trying all
     */
    void close() throws IOException {
        IOException failure = null;
        for (LoadSession session : sessions) {
            try {
                session.close();
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
