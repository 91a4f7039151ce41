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
                    + "as people type them, whole or their first letters) and locates (by id and by a prefix). "
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

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (peers < 1 || filesPerPeer < 1 || requests < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--peers, --files-per-peer and --requests must be 1 or more");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter progress = spec.commandLine().getErr();
        long before = IndexLoad.heapAfterCollecting();
        IndexLoad load = new IndexLoad();
        progress.printf(Locale.ROOT, "bench: registering %,d peers with %,d files each%n", peers, filesPerPeer);
        progress.flush();
        long start = System.nanoTime();
        load.fill(peers, filesPerPeer);
        double fillSeconds = (System.nanoTime() - start) / 1e9;
        long held = IndexLoad.heapAfterCollecting() - before;
        progress.println("bench: timing searches and locates");
        progress.flush();
        List<IndexLoad.Latencies> timed = List.of(load.searches(1, requests), load.searches(2, requests),
                load.locates(false, requests), load.locates(true, requests));

        out.printf(Locale.ROOT, "### Tracker index: %,d peers × %,d files (%,d files)%n%n", peers, filesPerPeer,
                load.files());
        out.printf(Locale.ROOT, "- heap held by the registry, after collecting garbage: %s (%.0f bytes a file)%n",
                Units.bytes(held), (double) held / load.files());
        out.printf(Locale.ROOT, "- registering every peer took %.1f s (%,.0f files a second)%n%n", fillSeconds,
                load.files() / fillSeconds);
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
