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
 * The transfer benchmark on a tiny file, through its jar: every contender but aria2 (which a build
 * machine need not have) runs and checks its copy, the seeder's shell answers while it sends, and
 * the tables and goals are printed. Not a measurement; a guard against the benchmark rotting.
 */
@Timeout(300)
class TransferBenchIT {

    @TempDir
    Path work;

    @Test
    void tinyTransferRunsEveryContenderAndPrintsItsTables() throws IOException, InterruptedException {
        try (JarProcess bench = BenchJar.startOnThisCheckout(work, "transfer", "--size", "3", "--runs", "1",
                "--no-aria2", "--dir", work.resolve("bench").toString())) {
            assertThat(bench.exitStatus(Duration.ofSeconds(280))).as("exit code; stderr: %s", bench.err()).isZero();
            assertThat(bench.out())
                    .contains("### 1 seeder → 1 downloader, 3.0 MiB, 1 run")
                    .contains("| contender | median | min | max | median ÷ TLS copy | median ÷ warm TLS copy |")
                    .containsPattern("\\| p2pshare, peers running, timed from get \\| \\d+\\.\\d\\d s \\|")
                    .containsPattern("\\| p2pshare, peers warmed by two downloads first, timed from get \\| \\d+\\.\\d\\d s \\|")
                    .containsPattern("\\| TLS socket copy between two fresh JVMs, into a file: no protocol, no hashing \\| "
                            + "\\d+\\.\\d\\d s \\| \\d+\\.\\d\\d s \\| \\d+\\.\\d\\d s \\| 1\\.00 \\| \\d+\\.\\d\\d \\|")
                    .containsPattern("\\| TLS socket copy between two fresh JVMs, bytes dropped: no protocol, no hashing \\| "
                            + "\\d+\\.\\d\\d s \\|")
                    .containsPattern("\\| TLS socket copy, JVMs warmed by two copies first, into a file: no protocol, no hashing "
                            + "\\| \\d+\\.\\d\\d s \\| \\d+\\.\\d\\d s \\| \\d+\\.\\d\\d s \\| \\d+\\.\\d\\d \\| 1\\.00 \\|")
                    .containsPattern("\\| TLS socket copy, JVMs warmed by two copies first, bytes dropped: no protocol, no "
                            + "hashing \\| \\d+\\.\\d\\d s \\|")
                    .containsPattern("\\| plain TCP copy: no protocol, no hashing \\| \\d+\\.\\d\\d s \\|")
                    .contains("per GiB delivered to downloaders.")
                    .containsPattern("the seeder's shell answered `files` in \\d+ ms \\(median of \\d+\\)")
                    .containsPattern("\\| SHA-256 on one core, warm, in memory \\| [0-9.]+ (GB|MB)/s \\|")
                    .containsPattern("\\| SHA-256 per core, all \\d+ cores hashing at once \\| [0-9.]+ (GB|MB)/s \\|")
                    .containsPattern("\\| rate ≥ 75% of the TLS copy's into a file, both fresh \\| \\d+% \\| (met|not met) \\|")
                    .containsPattern("\\| rate ≥ 75% of the TLS copy's into a file, both warm \\| \\d+% \\| (met|not met) \\|")
                    .doesNotContain("aria2");
        }
    }
}
