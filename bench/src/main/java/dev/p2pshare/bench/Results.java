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
        StringBuilder heading = new StringBuilder("| contender | median | min | max |");
        StringBuilder alignment = new StringBuilder("|---|---:|---:|---:|");
        for (Contender reference : measured) {
            heading.append(" median ÷ ").append(reference.shortName()).append(" |");
            alignment.append("---:|");
        }
        out.println(heading);
        out.println(alignment);
        byContender.forEach((label, measurements) -> {
            List<Double> seconds = seconds(measurements);
            double median = median(seconds);
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %s | %.2f s | %.2f s | %.2f s |", label,
                    median, seconds.stream().mapToDouble(Double::doubleValue).min().orElse(0),
                    seconds.stream().mapToDouble(Double::doubleValue).max().orElse(0)));
            for (Contender reference : measured) {
                row.append(String.format(Locale.ROOT, " %.2f |", median / median(reference).getAsDouble()));
            }
            out.println(row);
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
        if (cpu.isEmpty()) {
            return OptionalDouble.empty();
        }
        double gibDelivered = (double) size * scenario.downloaders() / (1L << 30);
        return OptionalDouble.of(median(cpu) / gibDelivered);
    }

    /** The table of processor time per GiB delivered, for the contenders whose runs measured it. */
    private void printCpu(PrintWriter out, List<Contender> references) {
        List<Contender> measured = references.stream().filter(reference -> cpuPerGib(reference).isPresent()).toList();
        if (byContender.values().stream().allMatch(measurements -> cpuPerGib(measurements).isEmpty())) {
            return;
        }
        out.println("Processor time (user + system) of every process a contender ran, tracker included, per GiB"
                + " delivered to downloaders.");
        out.println();
        StringBuilder heading = new StringBuilder("| contender | CPU, median | per GiB delivered |");
        StringBuilder alignment = new StringBuilder("|---|---:|---:|");
        for (Contender reference : measured) {
            heading.append(" ÷ ").append(reference.shortName()).append(" |");
            alignment.append("---:|");
        }
        out.println(heading);
        out.println(alignment);
        byContender.forEach((label, measurements) -> {
            OptionalDouble perGib = cpuPerGib(measurements);
            if (perGib.isEmpty()) {
                return;
            }
            double gibDelivered = (double) size * scenario.downloaders() / (1L << 30);
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %s | %.2f s | %.2f s |", label,
                    perGib.getAsDouble() * gibDelivered, perGib.getAsDouble()));
            for (Contender reference : measured) {
                row.append(String.format(Locale.ROOT, " %.2f |",
                        perGib.getAsDouble() / cpuPerGib(reference).getAsDouble()));
            }
            out.println(row);
        });
        out.println();
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
