package dev.p2pshare.bench;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Supplier;

/**
 * The processor time, user and system, that each of several named processes used over one
 * measured stretch, and the stretch's wall time. Where {@link CpuShares} sets a load generator
 * against the one server it loads, this lists every process a benchmark runs.
 *
 * @param wallSeconds how long the stretch lasted
 * @param seconds each process's processor seconds over it, in the order they were named; empty
 *     where they cannot be read
 */
record CpuTimes(double wallSeconds, Map<String, OptionalDouble> seconds) {

    CpuTimes {
        seconds = Collections.unmodifiableMap(new LinkedHashMap<>(seconds));
    }

    /** A measured stretch begun: each process's processor time and the clock at its start. */
    static final class Stretch {
        private final Map<String, Supplier<OptionalDouble>> processes;
        private final Map<String, OptionalDouble> before = new LinkedHashMap<>();
        private final long startNanos = System.nanoTime();

        private Stretch(Map<String, Supplier<OptionalDouble>> processes) {
            this.processes = new LinkedHashMap<>(processes);
            this.processes.forEach((name, used) -> before.put(name, used.get()));
        }

        /** The processor times from the start of the stretch until now. */
        CpuTimes end() {
            double wall = (System.nanoTime() - startNanos) / 1e9;
            Map<String, OptionalDouble> used = new LinkedHashMap<>();
            processes.forEach((name, now) -> {
                OptionalDouble after = now.get();
                OptionalDouble start = before.get(name);
                used.put(name, start.isPresent() && after.isPresent()
                        ? OptionalDouble.of(after.getAsDouble() - start.getAsDouble()) : OptionalDouble.empty());
            });
            return new CpuTimes(wall, used);
        }
    }

    /**
     * Begins a stretch over {@code processes}: by name, in the order to report them, what tells
     * the processor seconds each has used so far, or nothing if it cannot tell.
     */
    static Stretch start(Map<String, Supplier<OptionalDouble>> processes) {
        return new Stretch(processes);
    }

    /** The processor seconds of every process together; empty if one of them is unknown. */
    OptionalDouble total() {
        double sum = 0;
        for (OptionalDouble used : seconds.values()) {
            if (used.isEmpty()) {
                return OptionalDouble.empty();
            }
            sum += used.getAsDouble();
        }
        return OptionalDouble.of(sum);
    }
}
