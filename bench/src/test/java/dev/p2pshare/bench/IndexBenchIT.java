package dev.p2pshare.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
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
        Path out = work.resolve("out.md");
        Path err = work.resolve("err.txt");
        Process bench = BenchJar.command("index", "--peers", "300", "--files-per-peer", "10", "--requests", "50")
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        bench.getOutputStream().close();
        assertThat(bench.waitFor(280, TimeUnit.SECONDS)).as("the benchmark finished").isTrue();
        assertThat(bench.exitValue()).as("exit code; stderr: %s", Files.readString(err)).isZero();
        assertThat(Files.readString(out, StandardCharsets.UTF_8))
                .contains("### Tracker index: 300 peers × 10 files (3,000 files)")
                .containsPattern("heap held by the registry, after collecting garbage: [0-9.]+ [KMG]iB")
                .containsPattern("\\| search, one word \\| [0-9.]+ ms \\| [0-9.]+ ms \\| [0-9.]+ ms \\| [0-9.]+ \\|")
                .containsPattern("\\| search, 2 words \\| [0-9.]+ ms \\|")
                .containsPattern("\\| locate by id \\| [0-9.]+ ms \\| .* \\| 1\\.0 \\|")
                .containsPattern("\\| locate by a 12-digit id prefix \\| [0-9.]+ ms \\|");
    }
}
