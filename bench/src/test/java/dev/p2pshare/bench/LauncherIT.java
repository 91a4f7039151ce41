package dev.p2pshare.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.p2pshare.protocol.testkit.JarProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code p2pshare} launcher at the root of the checkout, run as a user runs it, on the jars
 * the build made and the {@code java} running the tests, with its home and cache in a temporary
 * folder: it passes the jar's usage and exit status through, and a peer's first start makes the
 * class-data archive that its second start loads the peer's classes from.
 */
@Timeout(240)
class LauncherIT {

    private static final Path LAUNCHER = Path.of(System.getProperty("p2pshare.project"), "p2pshare").toAbsolutePath();
    private static final Duration EXIT = Duration.ofSeconds(60);
    /** How {@code -Xlog:class+load} names a class that came from a dynamic archive. */
    private static final String FROM_ARCHIVE = "source: shared objects file (top)";

    @TempDir
    Path work;

    private Path cache;

    @BeforeEach
    void makeHome() throws IOException {
        cache = Files.createDirectories(work.resolve("home/.cache"));
    }

    @Test
    void peerHelpIsThePeersUsage() throws IOException, InterruptedException {
        try (JarProcess help = launch("peer").start("--help")) {
            assertThat(help.exitStatus(EXIT)).as("exit status; %s", help).isZero();
            assertThat(help.out()).contains("Usage: peer.jar").contains("--tracker=HOST:PORT").contains("Exit status:");
        }
    }

    @Test
    void unknownCommandIsAUsageError() throws IOException, InterruptedException {
        try (JarProcess launcher = launch("seeder").start()) {
            assertThat(launcher.exitStatus(EXIT)).as("exit status; %s", launcher).isEqualTo(2);
            assertThat(launcher.err()).contains("unknown command 'seeder'").contains("./p2pshare peer FOLDER");
        }
    }

    @Test
    void secondStartLoadsThePeerFromTheArchiveTheFirstMade() throws IOException, InterruptedException {
        Path folder = Files.createDirectories(work.resolve("shared"));
        Files.writeString(folder.resolve("notes.txt"), "shared through the launcher\n", StandardCharsets.UTF_8);
        try (JarProcess tracker = launch("tracker").start("--port", "0", "--no-announce", "--state", work.resolve("state").toString())) {
            String trackerAddress = "127.0.0.1:" + tracker.awaitListeningPort();

            Path firstLog = work.resolve("first-classes.log");
            startAndQuit(folder, trackerAddress, firstLog);
            assertThat(archives()).as("archives after the first start").singleElement()
                    .satisfies(archive -> assertThat(Files.size(archive)).isPositive());
            assertThat(Files.readString(firstLog)).contains("dev.p2pshare.peer.cli.PeerMain").doesNotContain(FROM_ARCHIVE);

            Path secondLog = work.resolve("second-classes.log");
            startAndQuit(folder, trackerAddress, secondLog);
            assertThat(archives()).as("archives after the second start").singleElement()
                    .satisfies(archive -> assertThat(archive.getFileName().toString()).endsWith(".jsa"));
            assertThat(Files.readAllLines(secondLog)).as("classes the second start loaded")
                    .anyMatch(line -> line.contains("dev.p2pshare.peer.cli.PeerMain " + FROM_ARCHIVE));
        }
    }

    /** Starts a peer through the launcher, logging the classes it loads to {@code classLog}, and quits it. */
    private void startAndQuit(Path folder, String trackerAddress, Path classLog)
            throws IOException, InterruptedException {
        try (JarProcess peer = launch("peer").jvmOptions("-Xlog:class+load=info:file=" + classLog)
                .start(folder.toString(), "--tracker", trackerAddress, "--port", "0")) {
            peer.awaitListeningPort();
            peer.script("quit");
            assertThat(peer.exitStatus(EXIT)).as("exit status; %s", peer).isZero();
        }
    }

    /** The peer's archives, and those being made, in the launcher's cache folder. */
    private List<Path> archives() throws IOException {
        Path folder = cache.resolve("p2pshare");
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> file.getFileName().toString().startsWith("peer-")).toList();
        }
    }

    private JarProcess.Launch launch(String module) {
        return JarProcess.throughLauncher(LAUNCHER, module).in(work)
                .environment("HOME", work.resolve("home").toString())
                .environment("XDG_CACHE_HOME", cache.toString())
                .environment("JAVA_HOME", System.getProperty("java.home"));
    }
}
