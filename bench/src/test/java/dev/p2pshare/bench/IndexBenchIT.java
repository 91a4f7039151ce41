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
 * The index benchmark on a small registry, through its jar: it fills the registry, times every
 * kind of request and prints its table. Not a measurement; a guard against the benchmark rotting.
 */
@Timeout(300)
class IndexBenchIT {

    @TempDir
    Path work;

    @Test
    void smallRegistryRunsAndPrintsItsTable() throws IOException, InterruptedException {
        try (JarProcess bench = BenchJar.start(work, "index", "--peers", "300", "--files-per-peer", "10", "--requests",
                "50")) {
            assertThat(bench.exitStatus(Duration.ofSeconds(280))).as("exit code; stderr: %s", bench.err()).isZero();
            assertThat(bench.out())
                    .contains("### Tracker index: 300 peers × 10 files (3,000 files)")
                    .containsPattern("heap held by the registry, after collecting garbage: [0-9.]+ [KMG]iB")
                    .containsPattern("\\| search, one word \\| [0-9.]+ ms \\| [0-9.]+ ms \\| [0-9.]+ ms \\| [0-9.]+ \\|")
                    .containsPattern("\\| search, 2 words \\| [0-9.]+ ms \\|")
                    .containsPattern("\\| search, one of the 20 most frequent tokens \\| [0-9.]+ ms \\|")
                    .containsPattern("while timing, peers replaced [0-9,]+ files a second \\(asked: 2,000\\)")
                    .containsPattern("\\| locate by id \\| [0-9.]+ ms \\| .* \\| 1\\.0 \\|")
                    .containsPattern("\\| locate by a 12-digit id prefix \\| [0-9.]+ ms \\|");
        }
    }
}
