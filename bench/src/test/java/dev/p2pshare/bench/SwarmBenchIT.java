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
        Path out = work.resolve("out.md");
        Path err = work.resolve("err.txt");
        Process bench = BenchJar.startOnThisCheckout(out, err, "swarm", "--size", "3", "--runs", "1", "--scenario", "1x2",
                "--no-aria2", "--dir", work.resolve("bench").toString());
        assertThat(bench.waitFor(280, TimeUnit.SECONDS)).as("the benchmark finished").isTrue();
        String table = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(bench.exitValue()).as("exit code; stderr: %s", Files.readString(err)).isZero();
        assertThat(table).contains("### 1 seeder → 2 downloaders, 3.0 MiB, 1 run")
                .containsPattern("\\| p2pshare, peers running, timed from get \\| \\d+\\.\\d\\d s \\|")
                .containsPattern("\\| p2pshare, peers launched with the get \\| \\d+\\.\\d\\d s \\|")
                .containsPattern("\\| plain TCP copy: no protocol, no hashing \\| \\d+\\.\\d\\d s \\|");
        assertThat(Files.readString(err)).contains("1 seeder → 2 downloaders run 1/1");
    }

    @Test
    void unknownScenarioIsAUsageError() throws IOException, InterruptedException {
        Process bench = BenchJar.command("swarm", "--scenario", "4by4").redirectErrorStream(true).start();
        String output = new String(bench.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bench.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(bench.exitValue()).isEqualTo(2);
        assertThat(output).contains("'4by4' is not SEEDERSxDOWNLOADERS, like 1x4");
    }
}
