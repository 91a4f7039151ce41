package dev.p2pshare.bench;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

    /**
     * The median time of {@code contender}'s runs, in seconds; empty if it has none.
     */
    OptionalDouble median(Contender contender) {
        List<Measurement> measurements = byContender.get(contender.label());
        return measurements == null || measurements.isEmpty() ? OptionalDouble.empty()
                : OptionalDouble.of(median(seconds(measurements)));
    }

    /**
     * Prints the table, with a column of ratios to each of {@code references}' medians, in order,
     * for those that were measured.
     */
    void print(PrintWriter out, List<Contender> references) {
        int runs = byContender.values().stream().mapToInt(List::size).max().orElse(0);
        out.printf(Locale.ROOT, "### %s, %s, %d %s%n%n", scenario.title(), Units.bytes(size), runs,
                runs == 1 ? "run" : "runs");
        out.println("Seconds until every downloader has the whole file, verified.");
        out.println();
        List<Contender> measured = references.stream().filter(reference -> median(reference).isPresent()).toList();
        List<Double> referenceMedians = measured.stream().map(reference -> median(reference).getAsDouble()).toList();
        printHeading(out, List.of("contender", "median", "min", "max"), "median ÷ ", measured);
        byContender.forEach((label, measurements) -> {
            List<Double> seconds = seconds(measurements);
            double median = median(seconds);
            out.println(String.format(Locale.ROOT, "| %s | %.2f s | %.2f s | %.2f s |", label,
                    median, seconds.stream().mapToDouble(Double::doubleValue).min().orElse(0),
                    seconds.stream().mapToDouble(Double::doubleValue).max().orElse(0))
                    + ratioCells(median, referenceMedians));
        });
        out.println();
        printCpu(out, measured);
        byContender.forEach((label, measurements) -> {
            List<Double> shares = new ArrayList<>();
            measurements.forEach(m -> m.fromOtherDownloaders().ifPresent(shares::add));
            if (!shares.isEmpty() && scenario.downloaders() > 1) {
                out.printf(Locale.ROOT, "%s: downloaders got %.0f%% of their bytes from each other (median).%n%n",
                        label, 100 * median(shares));
            }
            List<Double> discarded = new ArrayList<>();
            measurements.forEach(m -> m.discardedShare().ifPresent(discarded::add));
            if (!discarded.isEmpty()) {
                out.printf(Locale.ROOT, "%s: downloaders received %.1f%% more bytes than they kept, and discarded them"
                        + " (fetched twice at the end, or failed verification; median).%n%n", label,
                        100 * median(discarded));
            }
            List<Double> replies = measurements.stream().flatMap(m -> m.shellReplyMillis().stream()).toList();
            if (!replies.isEmpty()) {
                out.printf(Locale.ROOT, "%s: while the downloads ran, the seeder's shell answered `files` in %.0f ms "
                        + "(median of %d), %.0f ms at the slowest.%n%n", label, median(replies), replies.size(),
                        replies.stream().mapToDouble(Double::doubleValue).max().orElse(0));
            }
        });
        out.flush();
    }

    /**
     * The median processor time of {@code contender}'s runs per GiB delivered to downloaders, in
     * seconds; empty if it was not measured.
     */
    OptionalDouble cpuPerGib(Contender contender) {
        List<Measurement> measurements = byContender.get(contender.label());
        return measurements == null ? OptionalDouble.empty() : cpuPerGib(measurements);
    }

    private OptionalDouble cpuPerGib(List<Measurement> measurements) {
        List<Double> cpu = new ArrayList<>();
        measurements.forEach(measurement -> measurement.cpuSeconds().ifPresent(cpu::add));
        return cpu.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(median(cpu) / gibDelivered());
    }

    /** How many GiB one run delivers: the file, once to every downloader. */
    private double gibDelivered() {
        return (double) size * scenario.downloaders() / (1L << 30);
    }

    /** The table of processor time per GiB delivered, for the contenders whose runs measured it. */
    private void printCpu(PrintWriter out, List<Contender> references) {
        if (byContender.values().stream().allMatch(measurements -> cpuPerGib(measurements).isEmpty())) {
            return;
        }
        List<Contender> measured = references.stream().filter(reference -> cpuPerGib(reference).isPresent()).toList();
        List<Double> referenceCpu = measured.stream().map(reference -> cpuPerGib(reference).getAsDouble()).toList();
        out.println("Processor time (user + system) of every process a contender ran, tracker included, while it was"
                + " timed, per GiB delivered to downloaders.");
        out.println();
        printHeading(out, List.of("contender", "CPU, median", "per GiB delivered"), "÷ ", measured);
        byContender.forEach((label, measurements) -> cpuPerGib(measurements).ifPresent(perGib ->
                out.println(String.format(Locale.ROOT, "| %s | %.2f s | %.2f s |", label, perGib * gibDelivered(), perGib)
                        + ratioCells(perGib, referenceCpu))));
        out.println();
    }

    /**
     * A table's heading and alignment rows: {@code columns}, the first left-aligned, then a
     * right-aligned ratio column for each of {@code references}, headed {@code ratioPrefix} and its name.
     */
    private static void printHeading(PrintWriter out, List<String> columns, String ratioPrefix, List<Contender> references) {
        StringBuilder heading = new StringBuilder("|");
        StringBuilder alignment = new StringBuilder("|---|");
        columns.forEach(column -> heading.append(' ').append(column).append(" |"));
        alignment.append("---:|".repeat(columns.size() - 1));
        for (Contender reference : references) {
            heading.append(' ').append(ratioPrefix).append(reference.shortName()).append(" |");
            alignment.append("---:|");
        }
        out.println(heading);
        out.println(alignment);
    }

    /** The cells of {@code value} divided by each of {@code bases}, each ending its column. */
    private static String ratioCells(double value, List<Double> bases) {
        StringBuilder cells = new StringBuilder();
        bases.forEach(base -> cells.append(String.format(Locale.ROOT, " %.2f |", value / base)));
        return cells.toString();
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
}
