package dev.p2pshare.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.p2pshare.peer.transfer.DownloadException;
import dev.p2pshare.protocol.NodeId;
import dev.p2pshare.protocol.SearchHit;
import dev.p2pshare.protocol.testkit.JarProcess;
import dev.p2pshare.protocol.transport.Endpoint;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped jars as a cluster: three tracker instances sharing one network through a real Redis,
 * peers given all three. When the instance of a downloading peer is killed, its peers register
 * with another at once, nobody is told they left, the download completes, and the two instances
 * left answer alike; after Redis stalls, and after it restarts empty, they converge again.
 */
@Timeout(180)
class ClusterFailoverIT {

    private static final Duration LEASE = Duration.ofSeconds(4);
    private static final Duration PEER_TTL = Duration.ofSeconds(3);

    /** How soon a killed instance's peers must be registered with another. */
    private static final Duration MOVED_WITHIN = Duration.ofSeconds(3);

    /** How soon the instances left must answer alike once the peers have moved. */
    private static final Duration ALIKE_WITHIN = Duration.ofSeconds(2);

    /** How long Redis stalls, and how soon after the cluster must have converged again. */
    private static final Duration STALL = Duration.ofSeconds(5);
    private static final Duration HEALED_WITHIN = Duration.ofSeconds(8);

    /** Served at {@value #UPLOAD_LIMIT_MIB} MiB/s: the download lasts several seconds, long enough to kill a tracker during it. */
    private static final int SIZE = 8 * 1024 * 1024;
    private static final String UPLOAD_LIMIT_MIB = "1";

    private static final String QUERY = "cluster";
    private static final Pattern THROUGH = Pattern.compile("through the tracker at (\\S+)$");
    private static final Pattern PEER_ID = Pattern.compile("^peer id (\\S+)$");

    @TempDir
    Path temp;

    private JarCluster cluster;
    private final List<JarProcess> peers = new ArrayList<>();
    private final List<ClusterProbe> probes = new ArrayList<>();

    @AfterEach
    void stopEverything() throws IOException, InterruptedException {
        probes.forEach(ClusterProbe::close);
        peers.forEach(JarProcess::close);
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void peersOfAKilledInstanceMoveWithoutLeavingAndTheClusterHealsAfterRedisStallsAndRestartsEmpty()
            throws Exception {
        cluster = JarCluster.start(temp, 3, LEASE, PEER_TTL);
        byte[] content = new byte[SIZE];
        new Random(7).nextBytes(content);
        Path original = Files.write(Files.createDirectories(temp.resolve("seeds")).resolve("cluster-big.bin"), content);
        JarProcess seeder = launchPeer("seeds", "--serve", "--name", "seeder", "--upload-limit", UPLOAD_LIMIT_MIB);
        JarProcess leech = launchPeer("leech", "--name", "leech");
        Endpoint seederTracker = trackerOf(seeder);
        JarCluster.Instance victim = cluster.at(trackerOf(leech));
        List<JarCluster.Instance> survivors = cluster.instances().stream().filter(i -> !i.equals(victim)).toList();
        ClusterProbe left = probe("watcher-a", survivors.get(0));
        ClusterProbe right = probe("watcher-b", survivors.get(1));
        NodeId leechId = idOf(leech);
        Set<NodeId> everyone = Set.of(idOf(seeder), leechId, left.id(), right.id());
        Set<NodeId> moving = seederTracker.equals(victim.address().endpoint()) ? Set.of(idOf(seeder), leechId)
                : Set.of(leechId);
        Set<String> survivorNames = Set.of(survivors.get(0).name(), survivors.get(1).name());
        awaitAlike(left, right, everyone, JarNetwork.PATIENCE);

        try (OutputStream typing = leech.stdin()) {
            typing.write("get cluster-big.bin\n".getBytes(StandardCharsets.UTF_8));
            typing.flush();
            leech.awaitError(Pattern.compile("get cluster-big.bin: 25%"), JarNetwork.PATIENCE);
            victim.process().kill();

            await().atMost(MOVED_WITHIN).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                for (NodeId id : moving) {
                    assertThat(cluster.holder(id)).as("the instance holding %s in Redis", id).get().isIn(survivorNames);
                }
                assertThat(left.view(QUERY).peerIds()).containsAll(moving);
                assertThat(right.view(QUERY).peerIds()).containsAll(moving);
            });
            assertThat(survivors.get(0).process().err() + survivors.get(1).process().err())
                    .contains("peer leech (" + leechId.shortHex() + ") moved here from tracker instance " + victim.name());
            awaitAlike(left, right, everyone, ALIKE_WITHIN);

            leech.awaitError(Pattern.compile("downloaded cluster-big.bin \\(" + SIZE + " bytes\\)"), JarNetwork.PATIENCE);
            assertThat(JarNetwork.sha256(temp.resolve("leech/cluster-big.bin"))).isEqualTo(JarNetwork.sha256(original));
            assertThat(leech.err()).containsPattern("(?m)registered again with the tracker at ("
                    + Pattern.quote(survivors.get(0).address().endpoint().toString()) + "|"
                    + Pattern.quote(survivors.get(1).address().endpoint().toString()) + ")$");
            await().atMost(LEASE.multipliedBy(3)).until(() -> !cluster.leased(victim.name()));
            assertNobodyLeft(left, right);

            cluster.redis().pause();
            try {
                right.share(Files.writeString(temp.resolve("cluster-notes.txt"), "written while Redis stalled"));
                // Each instance keeps serving its last view of the network while Redis does not answer.
                await().during(STALL).atMost(STALL.plusSeconds(5)).pollInterval(Duration.ofMillis(500))
                        .untilAsserted(() -> {
                            assertThat(left.view(QUERY).peerIds()).isEqualTo(everyone);
                            assertThat(right.view(QUERY).peerIds()).isEqualTo(everyone);
                        });
            } finally {
                cluster.redis().resume();
            }
            awaitAlike(left, right, everyone, HEALED_WITHIN);
            assertThat(left.view(QUERY).hits()).extracting(SearchHit::name)
                    .containsExactlyInAnyOrder("cluster-big.bin", "cluster-notes.txt");

            cluster.redis().restartEmpty();
            await().atMost(HEALED_WITHIN).untilAsserted(() -> {
                for (NodeId id : everyone) {
                    assertThat(cluster.holder(id)).as("the instance holding %s in Redis", id).get().isIn(survivorNames);
                }
            });
            awaitAlike(left, right, everyone, HEALED_WITHIN);
            assertNobodyLeft(left, right);
        }
        assertThat(leech.exitStatus(JarNetwork.PATIENCE)).as(leech.toString()).isZero();
        assertThat(seeder.stop(JarNetwork.PATIENCE)).as(seeder.toString()).isZero();
    }

    /** Waits until both instances list exactly {@code everyone} and answer the search and locates alike. */
    private static void awaitAlike(ClusterProbe left, ClusterProbe right, Set<NodeId> everyone, Duration within) {
        await().atMost(within).pollInterval(Duration.ofMillis(100)).ignoreExceptionsInstanceOf(DownloadException.class)
                .untilAsserted(() -> {
                    ClusterProbe.View view = left.view(QUERY);
                    assertThat(view.peerIds()).isEqualTo(everyone);
                    assertThat(right.view(QUERY)).isEqualTo(view);
                });
    }

    private static void assertNobodyLeft(ClusterProbe... observers) {
        for (ClusterProbe observer : observers) {
            assertThat(observer.departures()).as("notices that peers left, told to %s", observer.id()).isEmpty();
        }
    }

    /** Starts a peer jar on {@code folder} given every tracker; {@link #trackerOf} waits for it to serve. */
    private JarProcess launchPeer(String folder, String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of(folder, "--tracker", cluster.trackerList(), "--heartbeat", "1"));
        args.addAll(List.of(extra));
        JarProcess peer = JarProcess.launch(JarNetwork.PEER_JAR).in(temp).jvmOptions(JarCluster.HEAP)
                .start(args.toArray(String[]::new));
        peers.add(peer);
        return peer;
    }

    private ClusterProbe probe(String name, JarCluster.Instance instance) throws IOException, PeerException {
        ClusterProbe probe = ClusterProbe.start(Files.createDirectories(temp.resolve(name)), name, instance.address());
        probes.add(probe);
        return probe;
    }

    private static Endpoint trackerOf(JarProcess peer) throws InterruptedException {
        Matcher through = THROUGH.matcher(peer.awaitOutput(THROUGH, JarNetwork.PATIENCE));
        assertThat(through.find()).isTrue();
        return Endpoint.parse(through.group(1));
    }

    private static NodeId idOf(JarProcess peer) throws InterruptedException {
        Matcher id = PEER_ID.matcher(peer.awaitOutput(PEER_ID, JarProcess.STARTUP));
        assertThat(id.find()).isTrue();
        return NodeId.parse(id.group(1));
    }
}
