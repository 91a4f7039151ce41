package dev.p2pshare.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.p2pshare.protocol.testkit.JarProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The startup benchmark on a tiny folder, through its jar: it starts, times both kinds of start
 * and prints its table. Not a measurement; a guard against the benchmark rotting.
 */
@Timeout(300)
class StartupBenchIT {

    @TempDir
    Path work;

    @Test
    void tinyFolderRunsAndPrintsItsTable() throws IOException, InterruptedException {
        try (JarProcess bench = BenchJar.startOnThisCheckout(work, "startup", "--files", "12", "--size", "3", "--runs",
                "1", "--dir", work.resolve("bench").toString())) {
            assertThat(bench.exitStatus(Duration.ofSeconds(280))).as("exit code; stderr: %s", bench.err()).isZero();
            assertThat(bench.out())
                    .contains("### Peer start-up on 12 files, 3.0 MiB, 1 run")
                    .containsPattern("\\| first start: every file hashed \\| `java -jar` \\| \\d+\\.\\d\\d s \\| .* \\| \\d+\\.\\d\\d GB/s \\|")
                    .containsPattern("\\| first start: every file hashed \\| `\\./p2pshare`, no archive yet \\| \\d+\\.\\d\\d s \\| .* \\| \\d+\\.\\d\\d GB/s \\|")
                    .containsPattern("\\| second start: hashes cached \\| `java -jar` \\| \\d+\\.\\d\\d s \\|")
                    .containsPattern("\\| second start: hashes cached \\| `\\./p2pshare`, the first start's archive \\| \\d+\\.\\d\\d s \\|")
                    .containsPattern("\\| second start: an empty folder \\| `\\./p2pshare`, the same archive \\| \\d+\\.\\d\\d s \\|")
                    .containsPattern("\\| floor: a JVM that loads an identity and completes one TLS handshake with the tracker \\| `java -cp bench\\.jar`, its own archive \\| \\d+\\.\\d\\d s \\|")
                    .containsPattern("\\| floor with a command line and a registration: .* \\| `java -cp bench\\.jar`, its own archive \\| \\d+\\.\\d\\d s \\|")
                    .containsPattern("\\| SHA-256 on one core, warm, in memory \\(the ceiling\\) \\| .* \\| \\d+\\.\\d\\d GB/s \\|");
            Path folder = work.resolve("bench/startup/folder");
            try (Stream<Path> made = Files.walk(folder)) {
                assertThat(made.filter(Files::isRegularFile).filter(file -> !folder.relativize(file).startsWith(".p2pshare"))
                        .mapToLong(file -> file.toFile().length()).summaryStatistics())
                        .satisfies(sizes -> {
                            assertThat(sizes.getCount()).as("files made").isEqualTo(12);
                            assertThat(sizes.getSum()).as("bytes made").isEqualTo(3L << 20);
                        });
            }
            assertThat(bench.err()).contains("bench: first start, java -jar, run 1:")
                    .contains("bench: second start, java -jar, run 1:").contains("bench: first start, launcher, run 1:")
                    .contains("bench: second start, launcher, run 1:")
                    .contains("bench: second start on an empty folder, launcher, run 1:")
                    .contains("bench: TLS handshake floor, run 1:")
                    .contains("bench: registration floor, run 1:");
            assertThat(work.resolve("bench/startup/cache/p2pshare")).as("the launcher's archives").isDirectoryContaining(
                    file -> file.getFileName().toString().startsWith("peer-"));
        }
    }

    @Test
    void zeroFilesIsAUsageError() throws IOException, InterruptedException {
        try (JarProcess bench = JarProcess.launch(BenchJar.JAR).in(work).errorIntoOutput()
                .start("startup", "--files", "0")) {
            assertThat(bench.exitStatus(Duration.ofSeconds(60))).isEqualTo(2);
            assertThat(bench.out()).contains("--files, --size, --runs and --timeout must be 1 or more");
        }
    }
}
