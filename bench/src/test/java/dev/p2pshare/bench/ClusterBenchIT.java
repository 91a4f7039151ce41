package dev.p2pshare.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.p2pshare.protocol.testkit.JarProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster benchmark with a few sessions for a couple of seconds, through its jar, the tracker
 * jar and a real redis-server: three instances serve the load without errors, and every figure is
 * printed. Not a measurement; a guard against the benchmark rotting. Skipped, saying so, where
 * redis-server is not installed.
 */
@Timeout(300)
class ClusterBenchIT {

    @TempDir
    Path work;

    @Test
    void threeInstancesServeTheLoadAndEveryFigureIsPrinted() throws IOException, InterruptedException {
        Assumptions.assumeTrue(RunningRedis.executable().isPresent(),
                "redis-server is not installed here (package redis-server); the cluster benchmark's test is skipped");
        try (JarProcess bench = BenchJar.startOnThisCheckout(work, "cluster", "--sessions", "12", "--seconds", "2",
                "--warm-up", "1", "--busy-sessions", "3", "--pipeline", "2", "--lag-samples", "3",
                "--dir", work.resolve("bench").toString())) {
            assertThat(bench.exitStatus(Duration.ofSeconds(280))).as("exit code; stderr: %s", bench.err()).isZero();
            assertThat(bench.out())
                    .contains("### Tracker cluster under load: 3 instances sharing one redis-server, 12 sessions taking "
                            + "them in turn, 6 requests in flight (1 thread × 3 sessions × 2 pipelined), 2 s measured "
                            + "after 1 s of warm-up")
                    .containsPattern("\\| [0-9,]+ \\| [0-9.]+ ms \\| [0-9.]+ ms \\| [0-9.]+ ms \\| 0 \\| [0-9,]+ "
                            + "\\| [0-9.]+ [KMG]?i?B \\|")
                    .containsPattern("\\| tracker 1 \\| 127\\.0\\.0\\.1:\\d+ \\| \\S+ \\| [0-9,]+ \\| 3 \\| no "
                            + "\\| [0-9,]+ ms \\| [0-9,]+ \\| [0-9,]+ \\|")
                    .containsPattern("\\| tracker 3 \\| 127\\.0\\.0\\.1:\\d+ \\| \\S+ \\| [0-9,]+ \\| 3 \\| ")
                    .containsPattern("\\| tracker 2 \\| [0-9.]+ s \\| \\d+ % \\| \\d+ % \\|")
                    .containsPattern("\\| redis-server \\| [0-9.]+ s \\| \\d+ % \\| \\d+ % \\|")
                    .containsPattern("\\| load generator \\(bench\\) \\| [0-9.]+ s \\| \\d+ % \\| \\d+ % \\|")
                    .containsPattern("\\| all \\| [0-9.]+ s \\| \\d+ % \\| \\d+ % \\|")
                    .containsPattern("Replication lag, from a register's answer on one instance until a locate on "
                            + "another finds the file: median [0-9.]+ ms, max [0-9.]+ ms \\(3 samples; 0 not seen "
                            + "within 10 s\\)");
            assertThat(bench.err()).contains("bench: opening 12 sessions across 3 trackers")
                    .doesNotContain("first error");
        }
    }
}
