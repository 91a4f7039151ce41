package dev.p2pshare.bench;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The measurements of one scenario, by contender, printed as a Markdown table of medians with the
 * ratio of each to the reference contender's median. Not thread-safe.
 */
final class Results {

    private final Scenario scenario;
    private final long size;
    private final Map<String, List<Measurement>> byContender = new LinkedHashMap<>();

    Results(Scenario scenario, long size) {
        this.scenario = scenario;
        this.size = size;
    }

    void add(Contender contender, Measurement measurement) {
        byContender.computeIfAbsent(contender.label(), label -> new ArrayList<>()).add(measurement);
    }

    /** Prints the table, with ratios to {@code reference}'s median if it was measured. */
    void print(PrintWriter out, Optional<Contender> reference) {
        int runs = byContender.values().stream().mapToInt(List::size).max().orElse(0);
        out.printf(Locale.ROOT, "### %s, %s, %d %s%n%n", scenario.title(), Units.bytes(size), runs,
                runs == 1 ? "run" : "runs");
        out.println("Seconds until every downloader has the whole file, verified.");
        out.println();
        OptionalDouble referenceMedian = reference.map(Contender::label).map(byContender::get)
                .map(list -> OptionalDouble.of(median(seconds(list)))).orElse(OptionalDouble.empty());
        String referenceName = reference.map(Contender::label).orElse("");
        out.println("| contender | median | min | max | median ÷ " + (referenceMedian.isPresent()
                ? shortName(referenceName) : "—") + " |");
        out.println("|---|---:|---:|---:|---:|");
        byContender.forEach((label, measurements) -> {
            List<Double> seconds = seconds(measurements);
            double median = median(seconds);
            String ratio = referenceMedian.isPresent()
                    ? String.format(Locale.ROOT, "%.2f", median / referenceMedian.getAsDouble()) : "—";
            out.printf(Locale.ROOT, "| %s | %.2f s | %.2f s | %.2f s | %s |%n", label, median,
                    seconds.stream().mapToDouble(Double::doubleValue).min().orElse(0),
                    seconds.stream().mapToDouble(Double::doubleValue).max().orElse(0), ratio);
        });
        out.println();
        byContender.forEach((label, measurements) -> {
            List<Double> shares = new ArrayList<>();
            measurements.forEach(m -> m.fromOtherDownloaders().ifPresent(shares::add));
            if (!shares.isEmpty() && scenario.downloaders() > 1) {
                out.printf(Locale.ROOT, "%s: downloaders got %.0f%% of their bytes from each other (median).%n%n",
                        label, 100 * median(shares));
            }
        });
        out.flush();
    }

    /** The median of {@code values}, which must not be empty. */
    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    private static List<Double> seconds(List<Measurement> measurements) {
        return measurements.stream().map(Measurement::seconds).toList();
    }

    private static String shortName(String label) {
        int space = label.indexOf(' ');
        return space < 0 ? label : label.substring(0, space);
    }
}
