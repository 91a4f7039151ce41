package dev.p2pshare.bench;

import dev.p2pshare.protocol.FileEntry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;

/**
 * Many peer sessions held open against a tracker, or spread over the instances of a cluster, and
 * a few threads that keep them busy with
 * the mix a live network sends: mostly heartbeats, then searches, locates and changes to file
 * lists. Each thread takes its sessions in turn, a few at a time, and pipelines a batch of
 * requests on each; it sends the next batches only once every answer of the last has come (a
 * closed loop), so the rate measured is what the tracker serves with that many requests in
 * flight. Few threads and batched writes keep the generator's own cost per request low, so that
 * on a machine it shares with the tracker it is not what limits the rate.
 */
final class TrackerLoad {

    /**
     * How the load is generated.
     *
     * @param threads threads generating it, each with its own share of the sessions
     * @param busySessions sessions each thread has requests in flight on at once
     * @param pipeline requests written on each of those sessions before it is flushed; their
     *     answers are read before the session gets more
     */
    record Shape(int threads, int busySessions, int pipeline) {

        /**
         * The shape of the load when nothing else is asked for: one thread, eight sessions at a
         * time, eight requests pipelined on each. Two threads with four pipelined took more than
         * a third of a two-core machine; one thread batching more costs a quarter, and leaves
         * the rest to the tracker.
         */
        static final Shape DEFAULT = new Shape(1, 8, 8);

        Shape {
            if (threads < 1 || busySessions < 1 || pipeline < 1) {
                throw new IllegalArgumentException("threads, busy sessions and pipeline must be 1 or more: "
                        + threads + ", " + busySessions + ", " + pipeline);
            }
        }

        /** Requests in flight at once, at most. */
        int inFlight() {
            return threads * busySessions * pipeline;
        }

        /** How the load is made, as the tables say: {@code 1 thread × 8 sessions × 8 pipelined}. */
        String parts() {
            return threads + (threads == 1 ? " thread" : " threads") + " × " + busySessions
                    + (busySessions == 1 ? " session" : " sessions") + " × " + pipeline + " pipelined";
        }
    }

    /**
     * What one measured stretch produced.
     *
     * @param byTracker the requests answered by each tracker, in the order they were given to {@link #open}
     */
    record Result(long requests, long errors, Optional<String> firstError, double seconds, Histogram latencyMicros,
            List<Long> byTracker) {

        Result {
            byTracker = List.copyOf(byTracker);
        }

        double perSecond() {
            return requests / seconds;
        }

        /** The requests tracker {@code index} answered, per second. */
        double perSecond(int index) {
            return byTracker.get(index) / seconds;
        }
    }

    /** A session and the index of the tracker it is open to. */
    private record Member(LoadSession session, int tracker) {
    }

    /** What one thread of the load measured. */
    private record Share(Histogram latencyMicros, long[] byTracker) {
    }

    private static final int OPEN_ATTEMPTS = 3;

    private final List<Member> sessions;
    private final int trackers;

    private TrackerLoad(List<Member> sessions, int trackers) {
        this.sessions = sessions;
        this.trackers = trackers;
    }

    /** Opens and registers {@code count} sessions, each with {@code files} files, {@code parallel} at a time. */
    static TrackerLoad open(InetSocketAddress tracker, int count, int files, int parallel) throws IOException {
        return open(List.of(tracker), count, files, parallel);
    }

    /**
     * Opens and registers {@code count} sessions, each with {@code files} files, {@code parallel} at
     * a time, taking {@code trackers} in turn: session {@code i} is open to tracker {@code i} modulo
     * their number.
     */
    static TrackerLoad open(List<InetSocketAddress> trackers, int count, int files, int parallel) throws IOException {
        if (trackers.isEmpty()) {
            throw new IllegalArgumentException("no tracker to open sessions to");
        }
        List<Member> sessions = new ArrayList<>();
        List<CompletableFuture<List<Member>>> openers = new ArrayList<>();
        for (int worker = 0; worker < parallel; worker++) {
            int first = worker;
            openers.add(CompletableFuture.supplyAsync(() -> {
                List<Member> opened = new ArrayList<>();
                SplittableRandom random = new SplittableRandom(first);
                try {
                    for (int i = first; i < count; i += parallel) {
                        int tracker = i % trackers.size();
                        opened.add(new Member(openPatiently(LoopbackAddresses.forSession(i), trackers.get(tracker),
                                "load-" + i, files, random), tracker));
                    }
                } catch (IOException e) {
                    IllegalStateException failure = new IllegalStateException("opening a session failed: "
                            + e.getMessage(), e);
                    try {
                        new TrackerLoad(opened, trackers.size()).close();
                    } catch (IOException closing) {
                        failure.addSuppressed(closing);
                    }
                    throw failure;
                }
                return opened;
            }, runnable -> new Thread(runnable, "opener-" + first).start()));
        }
        try {
            for (CompletableFuture<List<Member>> opener : openers) {
                sessions.addAll(opener.join());
            }
        } catch (RuntimeException e) {
            IOException failure = new IOException(e.getMessage(), e);
            try {
                new TrackerLoad(sessions, trackers.size()).close();
            } catch (IOException closing) {
                failure.addSuppressed(closing);
            }
            throw failure;
        }
        return new TrackerLoad(sessions, trackers.size());
    }

    /**
     * Opens a session as {@link LoadSession#open} does, trying again after a failure, up to
     * {@value #OPEN_ATTEMPTS} times in all: on a machine busy with other work, the first TLS
     * handshakes of JVMs not yet warm can take longer than the tracker waits for one. Opening is
     * not measured.
     */
    private static LoadSession openPatiently(InetAddress from, InetSocketAddress tracker, String name, int files,
            SplittableRandom random) throws IOException {
        IOException failure = null;
        for (int attempt = 1; attempt <= OPEN_ATTEMPTS; attempt++) {
            try {
                return LoadSession.open(from, tracker, name, files, random);
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        throw failure;
    }

    /** Runs the mix shaped by {@code shape} for {@code seconds}, and says what came of it. */
    Result run(Shape shape, double seconds) {
        long until = System.nanoTime() + (long) (seconds * 1e9);
        AtomicLong errors = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        List<CompletableFuture<Share>> workers = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < shape.threads(); t++) {
            int worker = t;
            List<Member> mine = new ArrayList<>();
            for (int i = worker; i < sessions.size(); i += shape.threads()) {
                mine.add(sessions.get(i));
            }
            workers.add(CompletableFuture.supplyAsync(() -> work(worker, mine, shape, until, errors, firstError),
                    runnable -> new Thread(runnable, "load-" + worker).start()));
        }
        Histogram all = new Histogram(60_000_000L, 3);
        long[] byTracker = new long[trackers];
        for (CompletableFuture<Share> worker : workers) {
            Share share = worker.join();
            all.add(share.latencyMicros());
            for (int i = 0; i < trackers; i++) {
                byTracker[i] += share.byTracker()[i];
            }
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        return new Result(all.getTotalCount(), errors.get(), Optional.ofNullable(firstError.get()), elapsed, all,
                Arrays.stream(byTracker).boxed().toList());
    }

    /**
     * One thread's rounds over its sessions {@code mine}, until {@code until}: in each round the
     * next {@link Shape#busySessions} of them each get {@link Shape#pipeline} requests written,
     * then each is flushed, then their answers are read, session by session. A request's latency
     * runs from its session's flush to its own answer read.
     */
    private Share work(int worker, List<Member> mine, Shape shape, long until, AtomicLong errors,
            AtomicReference<String> firstError) {
        Histogram latencies = new Histogram(60_000_000L, 3);
        long[] byTracker = new long[trackers];
        SplittableRandom random = new SplittableRandom(1000 + worker);
        Member[] busy = new Member[Math.min(shape.busySessions(), mine.size())];
        long[] flushed = new long[busy.length];
        int next = 0;
        while (busy.length > 0 && System.nanoTime() < until) {
            for (int i = 0; i < busy.length; i++) {
                busy[i] = mine.get(next);
                next = (next + 1) % mine.size();
                for (int k = 0; k < shape.pipeline(); k++) {
                    try {
                        request(busy[i].session(), random);
                    } catch (IOException | RuntimeException e) {
                        failed(e, errors, firstError);
                    }
                }
            }
            for (int i = 0; i < busy.length; i++) {
                try {
                    busy[i].session().flush();
                } catch (IOException e) {
                    failed(e, errors, firstError);
                }
                flushed[i] = System.nanoTime();
            }
            for (int i = 0; i < busy.length; i++) {
                while (busy[i].session().outstanding() > 0) {
                    try {
                        busy[i].session().readAnswer();
                        latencies.recordValue(Math.max(1, (System.nanoTime() - flushed[i]) / 1000));
                        byTracker[busy[i].tracker()]++;
                    } catch (IOException | RuntimeException e) {
                        failed(e, errors, firstError);
                    }
                }
            }
        }
        return new Share(latencies, byTracker);
    }

    private static void failed(Exception e, AtomicLong errors, AtomicReference<String> firstError) {
        errors.incrementAndGet();
        firstError.compareAndSet(null, e.toString());
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
            List<FileEntry> files = sessions.get(random.nextInt(sessions.size())).session().files();
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
        for (Member member : sessions) {
            try {
                member.session().close();
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
