package dev.p2pshare.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CpuSharesTest {

    @Test
    void sharesArePercentOfTheWholeMachineOrUnknown() {
        CpuShares shares = new CpuShares(OptionalDouble.of(0.314), OptionalDouble.empty());
        assertThat(shares.generatorPercent()).isEqualTo("31 %");
        assertThat(shares.serverPercent()).isEqualTo("?");
    }

    @Test
    void aStretchCountsOnlyTheTimeUsedWithinIt() {
        AtomicInteger calls = new AtomicInteger();
        // 100 s used before the stretch and 100 s more at its end: more than the machine has in
        // the moment the stretch lasts, so the share is far above 1, and the 100 s before are not in it.
        CpuShares shares = CpuShares.start(() -> OptionalDouble.of(100.0 * (1 + calls.getAndIncrement())),
                OptionalDouble::empty).end();
        assertThat(shares.generator().orElseThrow()).isGreaterThan(1);
        assertThat(shares.server()).isEmpty();
    }

    @Test
    void thisProcessAndItsEndedChildrenHaveProcessorTimes() {
        assertThat(CpuShares.thisProcessSeconds().orElseThrow()).isPositive();
        assertThat(CpuShares.endedChildrenSeconds().orElseThrow()).isNotNegative();
    }
}
