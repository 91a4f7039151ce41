package dev.p2pshare.peer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.p2pshare.protocol.testkit.JarProcess;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The shipped jars: a peer given two tracker processes moves to the other when its tracker is killed. */
@Timeout(120)
class TrackerFailoverIT {

    /** How soon the peer must say it is registered with the other tracker, with room for a loaded machine. */
    private static final Duration FAILOVER = Duration.ofSeconds(10);

    private static final Pattern STARTED_ON = Pattern.compile("through the tracker at (\\S+)$");

    @TempDir
    Path temp;

    private JarNetwork network;

    @AfterEach
    void stopEverything() {
        network.close();
    }

    @Test
    void peerWhoseTrackerIsKilledRegistersWithTheOtherAndSaysSo() throws Exception {
        network = new JarNetwork(temp);
        JarProcess first = network.startIndependentTracker("tracker-a");
        JarProcess second = network.startIndependentTracker("tracker-b");
        String firstAddress = "127.0.0.1:" + first.awaitListeningPort();
        String secondAddress = "127.0.0.1:" + second.awaitListeningPort();
        JarProcess peer = network.start(JarNetwork.PEER_JAR, "roamer", "--tracker", firstAddress + "," + secondAddress,
                "--heartbeat", "1", "--name", "roamer");
        Matcher started = STARTED_ON.matcher(peer.awaitOutput(STARTED_ON, JarProcess.STARTUP));
        assertThat(started.find()).isTrue();
        String used = started.group(1);
        assertThat(used).isIn(firstAddress, secondAddress);
        String other = used.equals(firstAddress) ? secondAddress : firstAddress;

        (used.equals(firstAddress) ? first : second).kill();

        peer.awaitError(Pattern.compile("registered again with the tracker at " + Pattern.quote(other)), FAILOVER);
        try (OutputStream typing = peer.stdin()) {
            typing.write("status\n".getBytes(StandardCharsets.UTF_8));
            typing.flush();
            peer.awaitOutput(Pattern.compile("^tracker +" + Pattern.quote(other) + ": connected"), FAILOVER);
        }
        assertThat(peer.exitStatus(JarNetwork.PATIENCE)).as(peer.toString()).isZero();
        assertThat(peer.err()).contains("lost the tracker at " + used);
    }
}
