package dev.p2pshare.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.p2pshare.protocol.testkit.JarProcess;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The comparison on a tiny file and a few peers, through its jar, with aria2, opentracker and wrk
 * as the machine has them: every transfer is checked, both trackers answer without errors, and
 * the summary is printed. Not a measurement; a guard against the benchmark rotting. Skipped,
 * saying so, where the tools are not installed ({@code .ci/run} installs them).
 */
@Timeout(600)
class CompareBenchIT {

    private static final List<String> TOOLS = List.of("aria2c", "opentracker", "mktorrent", "wrk");

    @TempDir
    Path work;

    @Test
    void tinyComparisonRunsBothSidesAndPrintsTheRatios() throws IOException, InterruptedException {
        List<String> missing = TOOLS.stream().filter(tool -> !onPath(tool)).toList();
        assumeTrue(missing.isEmpty(), () -> "not installed here: " + String.join(", ", missing));
        try (JarProcess bench = BenchJar.startOnThisCheckout(work, "compare", "--size", "3", "--runs", "1", "--sessions",
                "20", "--seconds", "2", "--warm-up", "0", "--dir", work.resolve("bench").toString())) {
            assertThat(bench.exitStatus(Duration.ofSeconds(580))).as("exit code; stderr: %s", bench.err()).isZero();
            assertThat(bench.out())
                    .contains("### 1 seeder → 1 downloader, 3.0 MiB, 1 run")
                    .contains("### 1 seeder → 4 downloaders, 3.0 MiB, 1 run")
                    .contains("### 3 seeders → 1 downloader, 3.0 MiB, 1 run")
                    .containsPattern("\\| aria2 [0-9.]+ \\+ opentracker, launched \\(file allocation: none\\) \\| \\d+\\.\\d\\d s \\|")
                    .containsPattern("\\| p2pshare, TLS \\| .* \\| [0-9,]+ \\| [0-9.]+ ms \\| [0-9.]+ ms \\| 0 \\| \\d+ % \\| \\d+ % \\|")
                    .containsPattern("\\| opentracker, HTTP \\| wrk, 50 connections: announces \\| [0-9,]+ \\| [0-9.]+ ms "
                            + "\\| [0-9.]+ ms \\| 0 \\| \\d+ % \\| \\d+ % \\|")
                    .containsPattern("\\| 1 → 1, 3.0 MiB: time, peers running \\| [0-9.]+ s \\| [0-9.]+ s \\| rate [0-9.]+ × "
                            + "\\| rate ≥ 2 × \\| (met|not met) \\|")
                    .containsPattern("\\| 1 → 1, 3.0 MiB: time, peers launched \\| [0-9.]+ s \\| [0-9.]+ s \\| rate [0-9.]+ × "
                            + "\\| rate ≥ 1.5 × \\|")
                    .containsPattern("\\| 1 → 4, 3.0 MiB: time until all have it \\| [0-9.]+ s \\| [0-9.]+ s \\| time [0-9.]+ × "
                            + "\\| time ≤ 1 × \\|")
                    .containsPattern("\\| 3 → 1, 3.0 MiB: time \\| [0-9.]+ s \\| [0-9.]+ s \\| time [0-9.]+ × \\| time ≤ 0.5 × \\|")
                    .containsPattern("\\| 1 → 4: CPU per GiB delivered, peers running \\| [0-9.]+ s \\| [0-9.]+ s \\| [0-9.]+ × "
                            + "\\| ≤ 1.5 × \\| (met|not met) \\|")
                    .containsPattern("\\| 3 → 1: CPU per GiB delivered, peers launched \\| [0-9.]+ s \\| [0-9.]+ s \\| [0-9.]+ × "
                            + "\\| reported \\|")
                    .containsPattern("\\| tracker: requests/s, 20 peers \\| [0-9,]+ \\| [0-9,]+ \\| [0-9.]+ × \\| ≥ 1.5 × \\|")
                    .containsPattern("\\| tracker: p99 latency, 20 peers \\| [0-9.]+ ms \\| [0-9.]+ ms \\|");
        }
    }

    private static boolean onPath(String tool) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(directory -> !directory.isEmpty() && Files.isExecutable(Path.of(directory, tool)));
    }
}
