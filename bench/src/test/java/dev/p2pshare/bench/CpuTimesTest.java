package dev.p2pshare.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class CpuTimesTest {

    @Test
    void eachProcessGetsWhatItUsedOverTheStretchInTheOrderNamed() {
        AtomicReference<Double> tracker = new AtomicReference<>(10.0);
        AtomicReference<Double> redis = new AtomicReference<>(1.0);
        Map<String, Supplier<OptionalDouble>> processes = new LinkedHashMap<>();
        processes.put("tracker 1", () -> OptionalDouble.of(tracker.get()));
        processes.put("redis-server", () -> OptionalDouble.of(redis.get()));
        CpuTimes.Stretch stretch = CpuTimes.start(processes);
        tracker.set(12.5);
        redis.set(1.25);

        CpuTimes cpu = stretch.end();

        assertThat(cpu.seconds().keySet()).containsExactly("tracker 1", "redis-server");
        assertThat(cpu.seconds().get("tracker 1")).hasValue(2.5);
        assertThat(cpu.seconds().get("redis-server")).hasValue(0.25);
        assertThat(cpu.total()).hasValue(2.75);
        assertThat(cpu.wallSeconds()).isNotNegative();
    }

    @Test
    void aProcessThatCannotTellLeavesTheTotalUnknown() {
        AtomicReference<OptionalDouble> gone = new AtomicReference<>(OptionalDouble.of(3));
        Map<String, Supplier<OptionalDouble>> processes = new LinkedHashMap<>();
        processes.put("tracker 1", () -> OptionalDouble.of(1));
        processes.put("tracker 2", gone::get);
        CpuTimes.Stretch stretch = CpuTimes.start(processes);
        gone.set(OptionalDouble.empty());

        CpuTimes cpu = stretch.end();

        assertThat(cpu.seconds().get("tracker 1")).hasValue(0);
        assertThat(cpu.seconds().get("tracker 2")).isEmpty();
        assertThat(cpu.total()).isEmpty();
    }
}
