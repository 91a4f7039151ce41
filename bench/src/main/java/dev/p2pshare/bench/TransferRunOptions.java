package dev.p2pshare.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** The options of every benchmark that moves a file: its size, how many runs, and when to give up. */
final class TransferRunOptions {

    @Option(names = "--size", paramLabel = "MIB", defaultValue = "1024",
            description = "Size of the file in MiB (default: ${DEFAULT-VALUE}).")
    private int sizeMib;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "5",
            description = "Runs per contender and scenario; medians are reported (default: ${DEFAULT-VALUE}).")
    private int runs;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "600",
            description = "Give up on a run after this long (default: ${DEFAULT-VALUE}).")
    private long timeoutSeconds;

    /**
     * Checks the values.
     *
     * @throws CommandLine.ParameterException if one is below 1
     */
    void check(CommandSpec spec) {
        if (runs < 1 || sizeMib < 1 || timeoutSeconds < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--runs, --size and --timeout must be 1 or more");
        }
    }

    long sizeBytes() {
        return (long) sizeMib << 20;
    }

    int runs() {
        return runs;
    }

    Duration timeout() {
        return Duration.ofSeconds(timeoutSeconds);
    }

    /** The data file of --size in {@code workspace}, made now if missing, saying so on {@code progress}. */
    Path dataFile(Workspace workspace, PrintWriter progress) throws IOException {
        progress.println("bench: preparing a " + Units.bytes(sizeBytes()) + " file in " + workspace.root());
        progress.flush();
        return workspace.dataFile(sizeBytes());
    }
}
