package dev.p2pshare.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TrackerMetricsTest {

    @Test
    void summaryTellsTheStateNowAndTheWorkSinceTheLastOne() {
        TrackerMetrics.Status minuteAgo = new TrackerMetrics.Status("id", 3, 30, 4, 1_000, 2, 50_000, 400_000, 60, null);
        TrackerMetrics.Status now = new TrackerMetrics.Status("id", 1, 10, 1, 7_000, 5, 52_048, 400_900, 120, null);

        assertThat(TrackerMetrics.summarySince(minuteAgo, now, Duration.ofSeconds(60)))
                .isEqualTo("1 peer, 10 files, 1 session; 6000 requests in the last 60 s (100.0/s), 3 refused; "
                        + "2.0 KiB in, 900 B out");
    }
}
