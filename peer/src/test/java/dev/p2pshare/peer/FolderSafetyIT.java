package dev.p2pshare.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.p2pshare.protocol.testkit.JarProcess;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the shipped jars do with a folder under abuse: a second process on it, kills at awkward
 * moments, a shared file rewritten in place with its time put back.
 */
@Timeout(240)
class FolderSafetyIT {

    private static final Duration PATIENCE = JarNetwork.PATIENCE;
    private static final int MIB = 1024 * 1024;

    @TempDir
    Path temp;

    private JarNetwork network;

    @BeforeEach
    void startTracker() throws Exception {
        network = new JarNetwork(temp);
        network.startTracker("--port", "0");
    }

    @AfterEach
    void stopEverything() {
        network.close();
    }

    private Path write(String relative, int bytes, long seed) throws IOException {
        byte[] content = new byte[bytes];
        new Random(seed).nextBytes(content);
        Path file = temp.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.write(file, content);
    }

    @Test
    void secondPeerOnAFolderRefusesToStartWhileTheFirstDownloadsIntoIt() throws Exception {
        Path original = write("seeds/film.mkv", 32 * MIB, 1);
        network.startPeer("seeds", "--serve", "--name", "seeder", "--upload-limit", "8").awaitListeningPort();
        JarProcess first = network.startPeer("shared", "--name", "first");
        first.script("get film.mkv");
        await().atMost(PATIENCE).until(() -> first.err().contains("get film.mkv: 25%"));

        JarProcess second = network.startPeer("shared", "--name", "second");
        second.script("get film.mkv");

        assertThat(second.exitStatus(PATIENCE)).as(second.toString()).isEqualTo(1);
        assertThat(second.err()).contains("another peer is already running on " + temp.resolve("shared").toRealPath())
                .contains("stop it first");
        assertThat(first.exitStatus(PATIENCE)).as(first.toString()).isZero();
        assertThat(JarNetwork.sha256(temp.resolve("shared/film.mkv"))).isEqualTo(JarNetwork.sha256(original));
        assertThat(first.err()).doesNotContain("registering again");
    }

    @Test
    void peerKilledDuringShareAndDuringADownloadLeavesNothingBehindAfterItsNextStart() throws Exception {
        Path big = write("outside/archive.bin", 160 * MIB, 2);
        write("seeds/film.mkv", 32 * MIB, 3);
        network.startPeer("seeds", "--serve", "--name", "seeder", "--upload-limit", "8").awaitListeningPort();
        Path state = Files.createDirectories(temp.resolve("victim/.p2pshare"));

        // Killed while 'share' copies a file into the folder.
        JarProcess sharing = network.startPeer("victim", "--name", "victim");
        sharing.awaitListeningPort();
        try (PrintStream in = new PrintStream(sharing.stdin(), true, StandardCharsets.UTF_8)) {
            in.println("share " + big);
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(10)).until(() -> !temps(state).isEmpty());
            sharing.kill();
        }
        sharing.exitStatus(PATIENCE);
        assertThat(temps(state)).as("the copy 'share' was making").isNotEmpty();

        // Killed while a download runs.
        JarProcess downloading = network.startPeer("victim", "--name", "victim");
        downloading.script("get film.mkv");
        await().atMost(PATIENCE).until(() -> downloading.err().contains("get film.mkv: 25%"));
        downloading.kill();
        downloading.exitStatus(PATIENCE);

        JarProcess restarted = network.startPeer("victim", "--name", "victim");
        restarted.script("status");
        assertThat(restarted.exitStatus(PATIENCE)).as(restarted.toString()).isZero();

        assertThat(temps(state)).as("temporary files after a restart").isEmpty();
        // Only the unfinished download's three files, which its resume goes on from, and the
        // peer's own small files: what the kills left is gone.
        Path part;
        try (Stream<Path> downloads = Files.list(state.resolve("downloads"))) {
            List<Path> files = downloads.toList();
            assertThat(files).extracting(file -> file.getFileName().toString().replaceFirst("^[0-9a-f]{64}", "ID"))
                    .containsExactlyInAnyOrder("ID.part", "ID.manifest", "ID.state");
            part = files.stream().filter(file -> file.toString().endsWith(".part")).findFirst().orElseThrow();
        }
        assertThat(sizeOf(state) - Files.size(part)).as("the state folder beside the part file").isLessThan(MIB);
        assertThat(temp.resolve("victim/archive.bin")).doesNotExist();
    }

    private static List<Path> temps(Path state) throws IOException {
        try (Stream<Path> files = Files.walk(state)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".tmp")).toList();
        }
    }

    private static long sizeOf(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
        }
    }

    @Test
    void fileRewrittenInPlaceWithItsTimePutBackIsNotServedUnderItsOldIdAndItsSeederIsNotBanned() throws Exception {
        Path ledger = write("seeds/ledger.db", 32 * MIB, 4);
        network.startPeer("seeds", "--serve", "--name", "seeder", "--upload-limit", "8").awaitListeningPort();
        String before = idOf(network.script("probe1", "search ledger").out());
        JarProcess downloading = network.startPeer("early", "--name", "early", "--source-wait", "2");
        downloading.script("get ledger.db");
        await().atMost(PATIENCE).until(() -> downloading.err().contains("get ledger.db: 25%"));

        FileTime modified = Files.getLastModifiedTime(ledger);
        write("seeds/ledger.db", 32 * MIB, 5);
        Files.setLastModifiedTime(ledger, modified);

        assertThat(downloading.exitStatus(PATIENCE)).as(downloading.toString()).isEqualTo(1);
        // Cut off mid-chunk by the rewrite, or told the file changed: either way, no chunk that
        // fails its check, and no ban of a peer that did not lie.
        assertThat(downloading.err()).contains("kept ").doesNotContain("banned").doesNotContain("failed verification");
        assertThat(temp.resolve("early/ledger.db")).doesNotExist();
        await().atMost(PATIENCE).until(() -> !idOf(network.script("probe2", "search ledger").out()).equals(before));
        JarProcess late = network.script("late", "get ledger.db");
        assertThat(late.exitStatus(PATIENCE)).as(late.toString()).isZero();
        assertThat(JarNetwork.sha256(temp.resolve("late/ledger.db"))).isEqualTo(JarNetwork.sha256(ledger));
    }

    private static String idOf(String searchOutput) {
        Matcher id = Pattern.compile("^1\\s+([0-9a-f]{12})\\s", Pattern.MULTILINE).matcher(searchOutput);
        return id.find() ? id.group(1) : "";
    }
}
