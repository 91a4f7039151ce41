package dev.p2pshare.peer.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void waitsDoubleFromOneSecondToThirtyWithinTwentyPercent() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));
        long[] bases = {1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000};
        for (long base : bases) {
            assertThat(backoff.nextWait().toMillis()).isBetween(base * 8 / 10, base * 12 / 10);
        }
    }

    @Test
    void resetStartsOverFromOneSecond() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));
        for (int i = 0; i < 10; i++) {
            backoff.nextWait();
        }
        backoff.reset();
        assertThat(backoff.nextWait()).isBetween(Duration.ofMillis(800), Duration.ofMillis(1200));
    }
}
