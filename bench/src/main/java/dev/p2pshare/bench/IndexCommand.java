package dev.p2pshare.bench;

import dev.p2pshare.tracker.IndexLoad;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code index} benchmark: the tracker's registry filled with many peers' files, its heap,
 * and the latency of searches and locates against it, printed as Markdown.
 */
@Command(name = "index", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Fills the tracker's registry, in this JVM, with peers sharing files named as photos, music, videos "
                    + "and documents are, then reports the heap it holds and times searches (one and two words, "
                    + "as people type them, whole or their first letters, and the tokens most names have) and "
                    + "locates (by id and by a prefix), while another thread has random peers replace files. "
                    + "No network: this measures the index itself. Run it with a heap large enough for the "
                    + "registry (-Xmx).",
            "",
            "Results go to standard output as Markdown, progress to standard error.",
            ""
        })
final class IndexCommand implements Callable<Integer> {

    @Option(names = "--peers", paramLabel = "N", defaultValue = "100000",
            description = "Peers registered (default: ${DEFAULT-VALUE}).")
    private int peers;

    @Option(names = "--files-per-peer", paramLabel = "N", defaultValue = "10",
            description = "Files each peer shares, each its own (default: ${DEFAULT-VALUE}).")
    private int filesPerPeer;

    @Option(names = "--requests", paramLabel = "N", defaultValue = "5000",
            description = "Timed requests of each kind, after as many untimed (default: ${DEFAULT-VALUE}).")
    private int requests;

    @Option(names = "--changes-per-second", paramLabel = "N", defaultValue = "2000",
            description = "Files replaced a second, each by a random peer in one announce, while requests are "
                    + "timed (default: ${DEFAULT-VALUE}).")
    private int changesPerSecond;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (peers < 1 || filesPerPeer < 1 || requests < 1 || changesPerSecond < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--peers, --files-per-peer, --requests and --changes-per-second must be 1 or more");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter progress = spec.commandLine().getErr();
        IndexLoad load = new IndexLoad(peers, filesPerPeer);
        long before = IndexLoad.heapAfterCollecting();
        progress.printf(Locale.ROOT, "bench: registering %,d peers with %,d files each%n", peers, filesPerPeer);
        progress.flush();
        long start = System.nanoTime();
        load.fill();
        double fillSeconds = (System.nanoTime() - start) / 1e9;
        long held = IndexLoad.heapAfterCollecting() - before;
        progress.println("bench: timing searches and locates while peers replace files");
        progress.flush();
        List<String> frequent = load.mostFrequentTokens();
        List<IndexLoad.Latencies> timed;
        double changeRate;
        try (IndexLoad.Announcing announcing = load.announcing(changesPerSecond)) {
            timed = List.of(load.searches(1, requests), load.searches(2, requests),
                    load.searchesFor("search, one of the " + frequent.size() + " most frequent tokens", frequent,
                            requests),
                    load.locates(false, requests), load.locates(true, requests));
            changeRate = announcing.perSecond();
        }

        out.printf(Locale.ROOT, "### Tracker index: %,d peers × %,d files (%,d files)%n%n", peers, filesPerPeer,
                load.files());
        out.printf(Locale.ROOT, "- heap held by the registry, after collecting garbage: %s (%.0f bytes a file)%n",
                Units.bytes(held), (double) held / load.files());
        out.printf(Locale.ROOT, "- registering every peer took %.1f s (%,.0f files a second)%n", fillSeconds,
                load.files() / fillSeconds);
        out.printf(Locale.ROOT, "- while timing, peers replaced %,.0f files a second (asked: %,d), one announce each%n",
                changeRate, changesPerSecond);
        out.printf(Locale.ROOT, "- the %d most frequent tokens: %s%n%n", frequent.size(), String.join(", ", frequent));
        out.printf(Locale.ROOT, "| request (%,d timed) | p50 | p99 | p99.9 | results, mean |%n", requests);
        out.println("|---|---:|---:|---:|---:|");
        for (IndexLoad.Latencies latencies : timed) {
            out.printf(Locale.ROOT, "| %s | %.3f ms | %.3f ms | %.3f ms | %.1f |%n", latencies.what(),
                    latencies.percentileMillis(0.50), latencies.percentileMillis(0.99),
                    latencies.percentileMillis(0.999), latencies.meanHits());
        }
        out.println();
        out.flush();
        return 0;
    }
}
