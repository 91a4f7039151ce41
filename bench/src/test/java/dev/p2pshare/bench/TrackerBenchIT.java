package dev.p2pshare.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.p2pshare.protocol.testkit.JarProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tracker load benchmark with a few sessions for a few seconds, through its jar and the
 * tracker jar: it opens the sessions, runs the mix without errors and prints its table. Not a
 * measurement; a guard against the benchmark rotting.
 */
@Timeout(300)
class TrackerBenchIT {

    @TempDir
    Path work;

    @Test
    void fewSessionsRunTheMixAndPrintTheTable() throws IOException, InterruptedException {
        try (JarProcess bench = BenchJar.startOnThisCheckout(work, "tracker", "--sessions", "12,24", "--seconds", "2",
                "--warm-up", "1", "--threads", "2", "--busy-sessions", "3", "--pipeline", "2", "--dir", work.resolve("bench").toString())) {
            assertThat(bench.exitStatus(Duration.ofSeconds(280))).as("exit code; stderr: %s", bench.err()).isZero();
            assertThat(bench.out())
                    .contains("### Tracker under load: 12 requests in flight (2 threads × 3 sessions × 2 pipelined), 2 s "
                            + "measured after 1 s of warm-up")
                    .containsPattern("\\| 12 \\| [0-9,]+ \\| [0-9.]+ ms \\| [0-9.]+ ms \\| [0-9.]+ ms \\| 0 \\| \\d+ % "
                            + "\\| \\d+ % \\| [0-9.]+ MiB \\| ")
                    .containsPattern("\\| 24 \\| [0-9,]+ \\| [0-9.]+ ms \\| [0-9.]+ ms \\| [0-9.]+ ms \\| 0 \\| ");
            assertThat(bench.err()).contains("bench: opening 24 sessions").doesNotContain("first error");
        }
    }
}
