package dev.p2pshare.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.p2pshare.protocol.FileEntry;
import dev.p2pshare.protocol.FileId;
import dev.p2pshare.protocol.testkit.JarProcess;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Downloads of the shipped jars under faults: a source that accepts connections and never says a
 * word, a disk that fills up. Every download ends, saying why, and the peer stops at once when
 * told to, whatever its downloads wait on.
 */
@Timeout(180)
class DownloadFaultsIT {

    private static final Duration PATIENCE = JarNetwork.PATIENCE;
    private static final int MIB = 1024 * 1024;

    @TempDir
    Path temp;

    private JarNetwork network;
    private ServerSocket silent;
    private final List<Socket> held = new CopyOnWriteArrayList<>();
    private Socket ghost;

    @BeforeEach
    void startTracker() throws Exception {
        network = new JarNetwork(temp);
        network.startTracker("--port", "0");
    }

    @AfterEach
    void stopEverything() throws IOException {
        network.close();
        if (ghost != null) {
            ghost.close();
        }
        if (silent != null) {
            silent.close();
        }
        for (Socket socket : held) {
            socket.close();
        }
    }

    /**
     * Lists a peer with {@code name}'s file at an address that accepts connections and never
     * answers: not its TLS handshake, not anything.
     */
    private void listSilentSource(String name, long size) throws IOException {
        silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    held.add(silent.accept());
                }
            } catch (IOException closed) {
                // The test is over.
                return;
            }
        }, "silent-source");
        acceptor.setDaemon(true);
        acceptor.start();
        FileId id = FileId.of("5e".repeat(32));
        ghost = GhostPeer.register(network.trackerPort(), "mute", silent.getLocalPort(),
                List.of(new FileEntry(id, name, size)));
    }

    @Test
    void peerStopsWithinASecondOfSigtermWhileItsDownloadWaitsOnASilentSource() throws Exception {
        listSilentSource("quiet.bin", 10L * MIB);
        JarProcess peer = network.startPeer("downloads", "--name", "waiter");
        peer.awaitListeningPort();
        peer.stdin().write("get quiet.bin\n".getBytes());
        peer.stdin().flush();
        await().atMost(PATIENCE).until(() -> held.size() >= 1);

        long signalled = System.nanoTime();
        peer.terminate();
        peer.exitStatus(PATIENCE);
        Duration stopping = Duration.ofNanos(System.nanoTime() - signalled);

        // The JVM's own exit is part of the second; the silent source would have held it 10 s.
        assertThat(stopping).as(peer.toString()).isLessThan(Duration.ofMillis(1500));
    }

    @Test
    void downloadFromASilentSourceEndsWithinTheBoundAndJsonSaysWhy() throws Exception {
        listSilentSource("quiet.bin", 10L * MIB);
        JarProcess peer = network.startPeer("downloads", "--json", "--source-wait", "1", "--stall-limit", "2");
        long start = System.nanoTime();
        peer.script("get quiet.bin");

        assertThat(peer.exitStatus(PATIENCE)).as(peer.toString()).isEqualTo(1);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
        List<String> lines = peer.out().lines().toList();
        JsonNode failed = new ObjectMapper().readTree(lines.get(lines.size() - 1));
        assertThat(failed.get("ok").asBoolean()).isFalse();
        assertThat(failed.get("error").asText())
                .contains("'quiet.bin'")
                .contains("mute (127.0.0.1:" + silent.getLocalPort() + ")")
                .contains("TLS handshake")
                .doesNotContain("fetching");
    }

    /** A tmpfs of {@code mebibytes} mounted on a new folder, for as long as the test runs. */
    private Path smallDisk(int mebibytes) throws Exception {
        Assumptions.assumeTrue(isRoot(), "mounting a small tmpfs for the full-disk tests needs root");
        Path disk = Files.createDirectories(temp.resolve("small-disk"));
        run("mount", "-t", "tmpfs", "-o", "size=" + mebibytes + "m", "tmpfs", disk.toString());
        return disk;
    }

    @AfterEach
    void unmountSmallDisk() throws Exception {
        Path disk = temp.resolve("small-disk");
        if (Files.isDirectory(disk) && isRoot()) {
            new ProcessBuilder("umount", "-l", disk.toString()).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static boolean isRoot() throws Exception {
        Process id = new ProcessBuilder("id", "-u").start();
        try (InputStream out = id.getInputStream()) {
            String uid = new String(out.readAllBytes()).strip();
            id.waitFor(10, TimeUnit.SECONDS);
            return uid.equals("0");
        }
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).inheritIO().start();
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed");
        }
    }

    private Path seed(String folder, String name, int mebibytes) throws Exception {
        byte[] content = new byte[mebibytes * MIB];
        new Random(mebibytes).nextBytes(content);
        return Files.write(Files.createDirectories(temp.resolve(folder)).resolve(name), content);
    }

    @Test
    void fileLargerThanTheFreeSpaceIsRefusedUpFrontSayingHowMuchIsMissing() throws Exception {
        Path disk = smallDisk(64);
        seed("seeds", "big.bin", 100);
        network.startPeer("seeds", "--serve", "--name", "seeder").awaitListeningPort();

        JarProcess peer = network.startPeer(disk.resolve("downloads").toString());
        peer.script("get big.bin");

        assertThat(peer.exitStatus(PATIENCE)).as(peer.toString()).isEqualTo(1);
        assertThat(peer.err()).containsPattern("the disk holding .*small-disk/downloads is full: \\d+\\.\\d MiB free,"
                + " 100\\.0 MiB needed");
        assertThat(disk.resolve("downloads/big.bin")).doesNotExist();
    }

    @Test
    void diskThatFillsUpMidwayFailsTheDownloadAtOnceAndGetResumesOnceThereIsRoom() throws Exception {
        Path disk = smallDisk(96);
        Path original = seed("seeds", "big.bin", 48);
        // Slow enough that the disk can be filled while the download runs.
        network.startPeer("seeds", "--serve", "--name", "seeder", "--upload-limit", "8").awaitListeningPort();

        JarProcess first = network.startPeer(disk.resolve("downloads").toString(), "--name", "filler");
        first.script("get big.bin");
        await().atMost(PATIENCE).until(() -> first.err().contains("get big.bin: 25%"));
        Path filler = disk.resolve("filler");
        new ProcessBuilder("dd", "if=/dev/zero", "of=" + filler, "bs=1M", "count=200").start()
                .waitFor(30, TimeUnit.SECONDS);

        assertThat(first.exitStatus(PATIENCE)).as(first.toString()).isEqualTo(1);
        assertThat(first.err()).containsPattern("the disk holding .*small-disk/downloads is full: \\d+\\.\\d MiB free,"
                + " \\d+\\.\\d MiB needed; kept \\d+ of 48 chunks");
        assertThat(first.err().split("dropping source", -1).length - 1).as("sources dropped").isLessThanOrEqualTo(1);

        Files.delete(filler);
        JarProcess second = network.startPeer(disk.resolve("downloads").toString(), "--name", "filler");
        second.script("get big.bin");
        assertThat(second.exitStatus(PATIENCE)).as(second.toString()).isZero();
        assertThat(JarNetwork.sha256(disk.resolve("downloads/big.bin"))).isEqualTo(JarNetwork.sha256(original));
        assertThat(second.out()).contains("(resumed: ");
    }
}
