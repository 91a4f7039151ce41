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
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntFunction;

/**
 * The tracker's registry, as the tracker jar runs it, filled with many peers sharing files with
 * names like people's, and timed on searches and locates. It lives in the tracker's package to
 * reach the registry without a network in between: what it measures is the index, not TLS.
 * Not thread-safe.
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
    private final List<FileId> ids = new ArrayList<>();

    /**
     * Registers {@code peers} peers with {@code filesPerPeer} files each, every file its own id,
     * named as photos, music, videos and documents are.
     */
    public void fill(int peers, int filesPerPeer) {
        InetAddress host = InetAddress.getLoopbackAddress();
        HexFormat hex = HexFormat.of();
        byte[] bytes = new byte[32];
        for (int peer = 0; peer < peers; peer++) {
            List<FileEntry> files = new ArrayList<>(filesPerPeer);
            for (int file = 0; file < filesPerPeer; file++) {
                random.nextBytes(bytes);
                FileId id = FileId.of(hex.formatHex(bytes));
                if (ids.size() < 10_000) {
                    ids.add(id);
                }
                files.add(new FileEntry(id, RealisticNames.fileName(random), 1 + random.nextLong(4L << 30)));
            }
            random.nextBytes(bytes);
            registry.register(NodeId.of(hex.formatHex(bytes)), "peer-" + peer, host, 7000 + peer % 1000, files, () -> { });
        }
    }

    /** How many distinct files the index holds. */
    public int files() {
        return registry.files().size();
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

    /** Times {@code count} searches of {@code words} words each (after as many unmeasured ones). */
    public Latencies searches(int words, int count) throws ProtocolException {
        IntFunction<String> query = i -> {
            StringBuilder text = new StringBuilder();
            for (int w = 0; w < words; w++) {
                text.append(w > 0 ? " " : "").append(RealisticNames.queryWord(random));
            }
            return text.toString();
        };
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
        return new Latencies(words == 1 ? "search, one word" : "search, " + words + " words", nanos, (double) hits / count);
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

    private String locateKey(boolean prefix) {
        String hex = ids.get(random.nextInt(ids.size())).hex();
        return prefix ? hex.substring(0, 12) : hex;
    }
}
