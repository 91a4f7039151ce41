package dev.p2pshare.tracker;

import dev.p2pshare.bench.RealisticNames;
import dev.p2pshare.protocol.FileEntry;
import dev.p2pshare.protocol.FileId;
import dev.p2pshare.protocol.NodeId;
import dev.p2pshare.protocol.ProtocolException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * The tracker's registry, as the tracker jar runs it, filled with many peers sharing files with
 * names like people's, and timed on searches and locates. It lives in the tracker's package to
 * reach the registry without a network in between: what it measures is the index, not TLS.
 * Not thread-safe, except that {@link #announcing} changes the registry from its own thread.
 */
public final class IndexLoad {

    /** Latencies of one kind of request, in nanoseconds, sorted. */
    public record Latencies(String what, long[] sortedNanos, double meanHits) {

        /** The latency below which {@code fraction} of the requests finished. */
        public double percentileMillis(double fraction) {
            int index = (int) Math.min(sortedNanos.length - 1, Math.floor(fraction * sortedNanos.length));
            return sortedNanos[index] / 1e6;
        }
    }

    private final PeerRegistry registry = new PeerRegistry(Clock.systemUTC(), Duration.ofMinutes(30));
    private final SplittableRandom random = new SplittableRandom(7);
    private final int filesPerPeer;
    private final RegisteredPeer[] sessions;
    /**
     * The seed each peer's files are made from now, {@code filesPerPeer} a peer: kept small so
     * that the heap measured is the registry's. The announcing thread replaces them; locates read
     * them to ask for files that are shared.
     */
    private final AtomicLongArray fileSeeds;
    private List<String> frequentTokens = List.of();

    /**
     * A load of {@code peers} peers with {@code filesPerPeer} files each, not yet registered: what
     * it keeps of its own is allocated here, before the heap is first measured.
     */
    public IndexLoad(int peers, int filesPerPeer) {
        this.filesPerPeer = filesPerPeer;
        this.sessions = new RegisteredPeer[peers];
        this.fileSeeds = new AtomicLongArray(Math.multiplyExact(peers, filesPerPeer));
    }

    /**
     * Registers the peers, every file its own id, named as photos, music, videos and documents
     * are, and notes the tokens most of their names have.
     */
    public void fill() {
        InetAddress host = InetAddress.getLoopbackAddress();
        HexFormat hex = HexFormat.of();
        byte[] bytes = new byte[32];
        Map<String, Integer> tokenCounts = new HashMap<>();
        for (int peer = 0; peer < sessions.length; peer++) {
            List<FileEntry> files = new ArrayList<>(filesPerPeer);
            for (int file = 0; file < filesPerPeer; file++) {
                long seed = random.nextLong();
                fileSeeds.set(peer * filesPerPeer + file, seed);
                FileEntry entry = fileFrom(seed);
                for (String token : NameTokens.of(NameQuery.fold(entry.name()))) {
                    tokenCounts.merge(token, 1, Integer::sum);
                }
                files.add(entry);
            }
            random.nextBytes(bytes);
            sessions[peer] = registry.register(NodeId.of(hex.formatHex(bytes)), "peer-" + peer, host,
                    7000 + peer % 1000, files, () -> { }).peer();
        }
        frequentTokens = tokenCounts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(20)
                .map(Map.Entry::getKey)
                .toList();
    }

    /** The file made from {@code seed}: a random id, size and name. */
    private static FileEntry fileFrom(long seed) {
        SplittableRandom made = new SplittableRandom(seed);
        byte[] bytes = new byte[32];
        made.nextBytes(bytes);
        return new FileEntry(FileId.of(HexFormat.of().formatHex(bytes)), RealisticNames.fileName(made),
                1 + made.nextLong(4L << 30));
    }

    /** How many distinct files the index holds. */
    public int files() {
        return registry.files().size();
    }

    /** The 20 tokens the most names had when the registry was filled, most frequent first. */
    public List<String> mostFrequentTokens() {
        return frequentTokens;
    }

    /** The heap in use after collecting garbage, in bytes. */
    public static long heapAfterCollecting() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    /**
     * Starts a thread that, about {@code perSecond} times a second, has a random peer replace one
     * of its files with a new one (a new id and name, in one announce), as peers do while the
     * tracker serves searches. Closing the result stops it and says how many it made.
     */
    public Announcing announcing(int perSecond) {
        return new Announcing(perSecond);
    }

    /** A thread announcing changes; see {@link #announcing}. */
    public final class Announcing implements AutoCloseable {

        private final Thread thread;
        private final long startNanos = System.nanoTime();
        private volatile boolean stopping;
        private volatile long changes;
        private volatile long elapsedNanos;

        private Announcing(int perSecond) {
            thread = new Thread(() -> run(perSecond), "bench-announces");
            thread.setDaemon(true);
            thread.start();
        }

        private void run(int perSecond) {
            SplittableRandom own = new SplittableRandom(13);
            long intervalNanos = 1_000_000_000L / perSecond;
            long next = System.nanoTime();
            long made = 0;
            while (!stopping) {
                int peer = own.nextInt(sessions.length);
                int slot = peer * filesPerPeer + own.nextInt(filesPerPeer);
                FileEntry old = fileFrom(fileSeeds.get(slot));
                long seed = own.nextLong();
                try {
                    registry.announce(sessions[peer], List.of(fileFrom(seed)), List.of(old.id()));
                } catch (ProtocolException e) {
                    throw new IllegalStateException("the registry refused a bench announce", e);
                }
                fileSeeds.set(slot, seed);
                changes = ++made;
                next += intervalNanos;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
            elapsedNanos = System.nanoTime() - startNanos;
        }

        /** Changes made per second so far. */
        public double perSecond() {
            long nanos = elapsedNanos > 0 ? elapsedNanos : System.nanoTime() - startNanos;
            return changes * 1e9 / nanos;
        }

        @Override
        public void close() throws InterruptedException {
            stopping = true;
            thread.join();
        }
    }

    /** Times {@code count} searches of {@code words} words each (after as many unmeasured ones). */
    public Latencies searches(int words, int count) throws ProtocolException {
        IntFunction<String> query = i -> {
            StringBuilder text = new StringBuilder();
            for (int w = 0; w < words; w++) {
                text.append(w > 0 ? " " : "").append(RealisticNames.queryWord(random));
            }
            return text.toString();
        };
        return timedSearches(words == 1 ? "search, one word" : "search, " + words + " words", query, count);
    }

    /** Times {@code count} searches for the words of {@code tokens} in turn (after as many unmeasured ones). */
    public Latencies searchesFor(String what, List<String> tokens, int count) throws ProtocolException {
        return timedSearches(what, i -> tokens.get(i % tokens.size()), count);
    }

    private Latencies timedSearches(String what, IntFunction<String> query, int count) throws ProtocolException {
        for (int i = 0; i < count; i++) {
            registry.files().search(NameQuery.parse(query.apply(i)), 100);
        }
        long[] nanos = new long[count];
        long hits = 0;
        for (int i = 0; i < count; i++) {
            NameQuery parsed = NameQuery.parse(query.apply(i));
            long start = System.nanoTime();
            hits += registry.files().search(parsed, 100).hits().size();
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        return new Latencies(what, nanos, (double) hits / count);
    }

    /** Times {@code count} locates, by whole id or by a 12-digit prefix. */
    public Latencies locates(boolean prefix, int count) {
        for (int i = 0; i < count; i++) {
            registry.files().withPrefix(locateKey(prefix), 2);
        }
        long[] nanos = new long[count];
        long hits = 0;
        for (int i = 0; i < count; i++) {
            String key = locateKey(prefix);
            long start = System.nanoTime();
            hits += registry.files().withPrefix(key, 2).size();
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        return new Latencies(prefix ? "locate by a 12-digit id prefix" : "locate by id", nanos, (double) hits / count);
    }

    /** The id, or its first 12 digits, of a file some peer shares now. */
    private String locateKey(boolean prefix) {
        String hex = fileFrom(fileSeeds.get(random.nextInt(fileSeeds.length()))).id().hex();
        return prefix ? hex.substring(0, 12) : hex;
    }
}
