package dev.p2pshare.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class MonotonicClockTest {

    @Test
    void neverGoesBackAndStartsAtTheWallTime() {
        MonotonicClock clock = new MonotonicClock();
        assertThat(Duration.between(clock.instant(), Instant.now()).abs()).isLessThan(Duration.ofSeconds(1));
        Instant previous = clock.instant();
        for (int i = 0; i < 100_000; i++) {
            Instant now = clock.instant();
            assertThat(now).isAfterOrEqualTo(previous);
            previous = now;
        }
        assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
    }
}
