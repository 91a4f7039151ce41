package dev.p2pshare.tracker;

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
import java.util.Locale;
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

    private static final String[] PLACES = {"paris", "rome", "lisbon", "kyoto", "oslo", "berlin", "vienna", "prague",
        "seville", "dublin", "athens", "bergen", "lyon", "porto", "nice", "sydney", "boston", "denver", "quebec",
        "havana", "cusco", "nairobi", "hanoi", "seoul", "osaka", "krakow", "riga", "tallinn", "zagreb", "split"};
    private static final String[] WORDS = {"holiday", "summer", "winter", "beach", "mountain", "family", "wedding",
        "birthday", "party", "concert", "trip", "sunset", "garden", "harbour", "market", "museum", "festival", "snow",
        "river", "forest", "night", "morning", "street", "bridge", "castle", "lake", "island", "desert", "train",
        "cathedral", "picnic", "dinner", "school", "graduation", "hike", "camping", "skiing", "sailing", "cycling",
        "marathon", "kitchen", "recipe", "notes", "lecture", "report", "invoice", "budget", "thesis", "draft",
        "final", "scan", "backup", "archive", "project", "design", "sketch", "demo", "interview", "podcast",
        "episode", "season", "chapter", "live", "acoustic", "remix", "remastered", "instrumental", "piano",
        "guitar", "violin", "symphony", "jazz", "blues", "rock", "folk", "lullaby", "ballad", "anthem"};
    private static final String[] ARTISTS = {"the beatles", "nina simone", "miles davis", "radiohead", "bjork",
        "daft punk", "fela kuti", "joni mitchell", "kraftwerk", "aretha franklin", "bob marley", "ella fitzgerald",
        "john coltrane", "portishead", "sade", "talking heads", "the cure", "massive attack", "ali farka toure",
        "caetano veloso", "cesaria evora", "the smiths", "pink floyd", "led zeppelin", "david bowie"};
    private static final String[] VIDEO = {"1080p", "720p", "2160p", "x264", "hevc", "web", "bluray", "dvdrip"};

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
                files.add(new FileEntry(id, name(), 1 + random.nextLong(4L << 30)));
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
                text.append(w > 0 ? " " : "").append(queryWord());
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

    /** A word as people search: most often whole, sometimes its start. */
    private String queryWord() {
        String[] pool = switch (random.nextInt(4)) {
            case 0 -> PLACES;
            case 1 -> WORDS;
            case 2 -> ARTISTS[random.nextInt(ARTISTS.length)].split(" ");
            default -> WORDS;
        };
        String word = pool[random.nextInt(pool.length)];
        return random.nextInt(5) == 0 && word.length() > 4 ? word.substring(0, 4) : word;
    }

    private String name() {
        return switch (random.nextInt(5)) {
            case 0 -> String.format(Locale.ROOT, "%s %s %d - %03d.jpg", pick(PLACES), pick(WORDS),
                    2000 + random.nextInt(26), random.nextInt(1000));
            case 1 -> String.format(Locale.ROOT, "%s - %s %s.mp3", pick(ARTISTS), pick(WORDS), pick(WORDS));
            case 2 -> String.format(Locale.ROOT, "%s %s (%d) %s.mkv", capital(pick(WORDS)), capital(pick(PLACES)),
                    1950 + random.nextInt(76), pick(VIDEO));
            case 3 -> String.format(Locale.ROOT, "%s_%s_v%d.pdf", pick(WORDS), pick(WORDS), 1 + random.nextInt(9));
            default -> String.format(Locale.ROOT, "IMG_%04d.JPG", random.nextInt(10_000));
        };
    }

    private String pick(String[] words) {
        return words[random.nextInt(words.length)];
    }

    private static String capital(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }
}
