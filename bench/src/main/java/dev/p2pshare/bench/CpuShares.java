package dev.p2pshare.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.function.Supplier;

/**
 * The processor time a load generator and the server it loads used over one measured stretch,
 * each as a share of the whole machine: processor seconds over cores × seconds of the stretch.
 * A generator that takes much of the machine leaves the server less of it, and then measures
 * itself as much as the server.
 *
 * @param generator the generator's share, 0 to 1; empty where its processor time cannot be read
 * @param server the server's share, likewise
 */
record CpuShares(OptionalDouble generator, OptionalDouble server) {

    /** Clock ticks a second in /proc's times: USER_HZ, 100 on every Linux. */
    private static final double TICKS_PER_SECOND = 100;

    /** A measured stretch begun: the processor times and the clock at its start. */
    static final class Stretch {
        private final Supplier<OptionalDouble> generatorSeconds;
        private final Supplier<OptionalDouble> serverSeconds;
        private final OptionalDouble generatorBefore;
        private final OptionalDouble serverBefore;
        private final long startNanos = System.nanoTime();

        private Stretch(Supplier<OptionalDouble> generatorSeconds, Supplier<OptionalDouble> serverSeconds) {
            this.generatorSeconds = generatorSeconds;
            this.serverSeconds = serverSeconds;
            this.generatorBefore = generatorSeconds.get();
            this.serverBefore = serverSeconds.get();
        }

        /** The shares from the start of the stretch until now. */
        CpuShares end() {
            double machineSeconds = Runtime.getRuntime().availableProcessors() * (System.nanoTime() - startNanos) / 1e9;
            return new CpuShares(share(generatorBefore, generatorSeconds.get(), machineSeconds),
                    share(serverBefore, serverSeconds.get(), machineSeconds));
        }

        private static OptionalDouble share(OptionalDouble before, OptionalDouble after, double machineSeconds) {
            return before.isPresent() && after.isPresent()
                    ? OptionalDouble.of((after.getAsDouble() - before.getAsDouble()) / machineSeconds)
                    : OptionalDouble.empty();
        }
    }

    /**
     * Begins a stretch, in which {@code generatorSeconds} and {@code serverSeconds} tell the
     * processor seconds each has used so far, user and system, or nothing if they cannot tell.
     */
    static Stretch start(Supplier<OptionalDouble> generatorSeconds, Supplier<OptionalDouble> serverSeconds) {
        return new Stretch(generatorSeconds, serverSeconds);
    }

    /** The processor seconds this JVM has used so far, every thread of it, user and system. */
    static OptionalDouble thisProcessSeconds() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean system) {
            long nanos = system.getProcessCpuTime();
            return nanos < 0 ? OptionalDouble.empty() : OptionalDouble.of(nanos / 1e9);
        }
        return OptionalDouble.empty();
    }

    /**
     * The processor seconds of this JVM's child processes that have exited and been waited for,
     * user and system, from /proc; nothing where there is no /proc. A program run to its end
     * inside a stretch, and nothing else ending in it, is the difference over the stretch.
     */
    static OptionalDouble endedChildrenSeconds() {
        Path stat = Path.of("/proc/self/stat");
        if (!Files.isReadable(stat)) {
            return OptionalDouble.empty();
        }
        try {
            String line = Files.readString(stat);
            // The command name, in parentheses, may hold spaces: the fields are counted after it.
            String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
            // cutime and cstime are fields 16 and 17 of proc(5), the 14th and 15th after the name.
            return OptionalDouble.of((Long.parseLong(fields[13]) + Long.parseLong(fields[14])) / TICKS_PER_SECOND);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read the processor time of ended children from " + stat, e);
        }
    }

    /** The generator's share in percent of the machine, {@code 31 %}, or {@code ?}. */
    String generatorPercent() {
        return percent(generator);
    }

    /** The server's share in percent of the machine, or {@code ?}. */
    String serverPercent() {
        return percent(server);
    }

    private static String percent(OptionalDouble share) {
        return share.isPresent() ? String.format(Locale.ROOT, "%.0f %%", share.getAsDouble() * 100) : "?";
    }
}
