package dev.p2pshare.bench;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * The options of every benchmark that runs {@link TrackerLoad}: the files each session shares, the
 * shape of the load, and how long it is warmed up and measured. The number of sessions is each
 * benchmark's own.
 */
final class LoadOptions {

    @Option(names = "--files", paramLabel = "N", defaultValue = "10",
            description = "Files each session registers (default: ${DEFAULT-VALUE}).")
    private int files;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
            description = "Threads generating the load, each with its share of the sessions (default: ${DEFAULT-VALUE}).")
    private int threads;

    @Option(names = "--busy-sessions", paramLabel = "N", defaultValue = "8",
            description = "Sessions each thread has requests in flight on at once (default: ${DEFAULT-VALUE}).")
    private int busySessions;

    @Option(names = "--pipeline", paramLabel = "N", defaultValue = "8",
            description = "Requests written on each busy session before it is sent; their answers are read before "
                    + "it gets more. 1: each request waits for the last one's answer (default: ${DEFAULT-VALUE}). "
                    + "Requests in flight: threads × busy sessions × pipeline.")
    private int pipeline;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "20",
            description = "Measured stretch (default: ${DEFAULT-VALUE}).")
    private double seconds;

    @Option(names = "--warm-up", paramLabel = "S", defaultValue = "15",
            description = "Stretch run first and not counted: the tracker's JIT compiler is busy for its first "
                    + "15 s or so of this load, taking a quarter of a core from it (default: ${DEFAULT-VALUE}).")
    private double warmUp;

    /**
     * Checks the values.
     *
     * @throws CommandLine.ParameterException if a count or --seconds is below 1, or --warm-up below 0
     */
    void check(CommandSpec spec) {
        if (files < 1 || threads < 1 || busySessions < 1 || pipeline < 1 || seconds <= 0 || warmUp < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--files, --threads, --busy-sessions, "
                    + "--pipeline and --seconds must be 1 or more, --warm-up 0 or more");
        }
    }

    int files() {
        return files;
    }

    TrackerLoad.Shape shape() {
        return new TrackerLoad.Shape(threads, busySessions, pipeline);
    }

    double seconds() {
        return seconds;
    }

    double warmUp() {
        return warmUp;
    }
}
