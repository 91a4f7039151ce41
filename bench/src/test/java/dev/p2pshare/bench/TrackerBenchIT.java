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
        Path out = work.resolve("out.md");
        Path err = work.resolve("err.txt");
        Process bench = BenchJar.startOnThisCheckout(out, err, "tracker", "--sessions", "12,24", "--seconds", "2",
                "--warm-up", "1", "--threads", "4", "--dir", work.resolve("bench").toString());
        assertThat(bench.waitFor(280, TimeUnit.SECONDS)).as("the benchmark finished").isTrue();
        assertThat(bench.exitValue()).as("exit code; stderr: %s", Files.readString(err)).isZero();
        assertThat(Files.readString(out, StandardCharsets.UTF_8))
                .contains("### Tracker under load: 4 requests in flight, 2 s measured after 1 s of warm-up")
                .containsPattern("\\| 12 \\| [0-9,]+ \\| [0-9.]+ ms \\| [0-9.]+ ms \\| [0-9.]+ ms \\| 0 \\| [0-9.]+ MiB \\| ")
                .containsPattern("\\| 24 \\| [0-9,]+ \\| [0-9.]+ ms \\| [0-9.]+ ms \\| [0-9.]+ ms \\| 0 \\| ");
        assertThat(Files.readString(err)).contains("bench: opening 24 sessions").doesNotContain("first error");
    }
}
