package dev.p2pshare.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * Runs contenders at one scenario in rounds, each round every contender once and each round
 * starting with the next one, so that a machine slowing down or speeding up during the benchmark
 * touches them all alike.
 */
final class Rounds {

    private Rounds() {
    }

    /**
     * Prepares every contender, then runs {@code runs} rounds, reporting each run on
     * {@code progress}.
     *
     * @param size the bytes of the file moved, for the results' heading
     * @throws IOException from the first contender that fails
     */
    static Results run(Scenario scenario, long size, List<Contender> contenders, int runs, PrintWriter progress)
            throws IOException {
        for (Contender contender : contenders) {
            contender.prepare();
        }
        Results results = new Results(scenario, size);
        for (int round = 0; round < runs; round++) {
            for (int k = 0; k < contenders.size(); k++) {
                Contender contender = contenders.get((round + k) % contenders.size());
                String run = scenario + "-run" + (round + 1) + "-" + k;
                Measurement measurement = contender.run(run);
                results.add(contender, measurement);
                progress.printf(Locale.ROOT, "bench: %s run %d/%d, %s: %.2f s%s%n", scenario.title(), round + 1, runs,
                        contender.label(), measurement.seconds(), measurement.fromOtherDownloaders().isPresent()
                                && scenario.downloaders() > 1 ? String.format(Locale.ROOT,
                                        " (%.0f%% from other downloaders)",
                                        100 * measurement.fromOtherDownloaders().getAsDouble()) : "");
                progress.flush();
            }
        }
        return results;
    }
}
