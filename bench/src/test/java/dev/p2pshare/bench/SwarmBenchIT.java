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
 * The swarm benchmark on a tiny file, through its jar: it starts, runs every contender but aria2
 * (which a build machine need not have), checks the copies, and prints its table. Not a
 * measurement; a guard against the benchmark rotting.
 */
@Timeout(300)
class SwarmBenchIT {

    @TempDir
    Path work;

    @Test
    void tinySwarmRunsAndPrintsItsTable() throws IOException, InterruptedException {
        try (JarProcess bench = BenchJar.startOnThisCheckout(work, "swarm", "--size", "3", "--runs", "1", "--scenario",
                "1x2", "--no-aria2", "--dir", work.resolve("bench").toString())) {
            assertThat(bench.exitStatus(Duration.ofSeconds(280))).as("exit code; stderr: %s", bench.err()).isZero();
            String table = bench.out();
            assertThat(table).contains("### 1 seeder → 2 downloaders, 3.0 MiB, 1 run")
                    .containsPattern("\\| p2pshare, peers running, timed from get \\| \\d+\\.\\d\\d s \\|")
                    .containsPattern("\\| p2pshare, peers launched with the get \\| \\d+\\.\\d\\d s \\|")
                    .containsPattern("\\| plain TCP copy: no protocol, no hashing \\| \\d+\\.\\d\\d s \\|");
            assertThat(bench.err()).contains("1 seeder → 2 downloaders run 1/1");
        }
    }

    @Test
    void unknownScenarioIsAUsageError() throws IOException, InterruptedException {
        try (JarProcess bench = JarProcess.launch(BenchJar.JAR).in(work).errorIntoOutput()
                .start("swarm", "--scenario", "4by4")) {
            assertThat(bench.exitStatus(Duration.ofSeconds(60))).isEqualTo(2);
            assertThat(bench.out()).contains("'4by4' is not SEEDERSxDOWNLOADERS, like 1x4");
        }
    }
}
