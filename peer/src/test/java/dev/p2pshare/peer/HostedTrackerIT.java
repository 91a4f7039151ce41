package dev.p2pshare.peer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.p2pshare.protocol.testkit.JarProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped peer.jar hosting a tracker: it prints the tracker's lines as tracker.jar does, other
 * peers pinned to it search and download through it, and stopping the host says who was using it.
 */
@Timeout(120)
class HostedTrackerIT {

    private static final Duration PATIENCE = JarNetwork.PATIENCE;
    private static final Pattern PIN_LINE = Pattern.compile("peers can pin it: --tracker HOST:(\\d+)#(\\p{XDigit}{64})$");

    @TempDir
    Path temp;

    private JarNetwork network;

    @AfterEach
    void stopEverything() {
        network.close();
    }

    @Test
    void peersPinnedToAHostedTrackerSearchAndDownloadThroughIt() throws Exception {
        network = new JarNetwork(temp);
        Files.createDirectories(temp.resolve("host"));
        Files.writeString(temp.resolve("host/notes.txt"), "notes kept by the host\n");
        JarProcess host = network.start(JarNetwork.PEER_JAR, "host", "--host-tracker=0", "--no-announce", "--serve", "--name", "host",
                "--heartbeat", "1");
        host.awaitOutput(Pattern.compile("^tracker listening on 0\\.0\\.0\\.0:\\d+ "), JarProcess.STARTUP);
        host.awaitOutput(Pattern.compile("^tracker id \\p{XDigit}{4}"), JarProcess.STARTUP);
        Matcher pin = PIN_LINE.matcher(host.awaitOutput(PIN_LINE, JarProcess.STARTUP));
        assertThat(pin.find()).isTrue();
        String tracker = "127.0.0.1:" + pin.group(1) + "#" + pin.group(2);
        host.awaitOutput(Pattern.compile("^peer host listening on .* through the tracker at 127\\.0\\.0\\.1:"
                + pin.group(1) + "$"), JarProcess.STARTUP);
        assertThat(temp.resolve("host/.p2pshare/tracker")).isDirectory();

        JarProcess idle = network.start(JarNetwork.PEER_JAR, "idle", "--tracker", tracker, "--serve", "--name", "idle",
                "--heartbeat", "1");
        idle.awaitOutput(Pattern.compile("^peer idle listening on "), JarProcess.STARTUP);
        JarProcess fetcher = network.start(JarNetwork.PEER_JAR, "fetcher", "--tracker", tracker, "--name", "fetcher",
                "--heartbeat", "1");
        fetcher.script("search notes", "get notes.txt");
        assertThat(fetcher.exitStatus(PATIENCE)).as(fetcher.toString()).isZero();
        assertThat(fetcher.out()).contains("notes.txt");
        assertThat(Files.readString(temp.resolve("fetcher/notes.txt"))).isEqualTo("notes kept by the host\n");

        assertThat(host.stop(PATIENCE)).as(host.toString()).isZero();
        assertThat(host.err()).contains("stopped the tracker this peer hosted; 1 other peer was using it");
    }

    @Test
    void hostedTrackerKeepsItsIdAcrossRestarts() throws Exception {
        network = new JarNetwork(temp);
        JarProcess first = network.start(JarNetwork.PEER_JAR, "host", "--host-tracker=0", "--no-announce", "--serve",
                "--name", "host");
        Matcher before = PIN_LINE.matcher(first.awaitOutput(PIN_LINE, JarProcess.STARTUP));
        assertThat(before.find()).isTrue();
        first.awaitOutput(Pattern.compile("^peer host listening on "), JarProcess.STARTUP);
        assertThat(first.stop(PATIENCE)).as(first.toString()).isZero();
        assertThat(first.out()).doesNotContain("announced on the LAN");
        assertThat(first.err()).contains("stopped the tracker this peer hosted; 0 other peers were using it");

        JarProcess second = network.start(JarNetwork.PEER_JAR, "host", "--host-tracker=0", "--no-announce", "--serve", "--name", "host");
        Matcher after = PIN_LINE.matcher(second.awaitOutput(PIN_LINE, JarProcess.STARTUP));
        assertThat(after.find()).isTrue();
        assertThat(after.group(2)).isEqualTo(before.group(2));
        // Its own tracker is pinned for the run only: known-trackers names none at a loopback address.
        assertThat(temp.resolve("host/.p2pshare/known-trackers")).doesNotExist();
    }
}
