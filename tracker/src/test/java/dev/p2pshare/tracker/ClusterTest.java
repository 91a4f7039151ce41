package dev.p2pshare.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.p2pshare.protocol.FileEntry;
import dev.p2pshare.protocol.FileId;
import dev.p2pshare.protocol.Message;
import dev.p2pshare.protocol.PeerEntry;
import dev.p2pshare.protocol.SearchHit;
import dev.p2pshare.protocol.tls.NodeIdentity;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two tracker instances and a real Redis make one network: a peer on either is listed, searched,
 * located and reached on both; who joined and left is told once; a peer moves between instances
 * without leaving; a dead instance's peers leave once its lease runs out; and an outage of Redis
 * is served through and healed.
 */
@Timeout(120)
class ClusterTest {

    private static final Duration LEASE = Duration.ofSeconds(2);
    private static final Duration WITHIN = TestCluster.CONVERGES_WITHIN;
    private static final FileEntry SONG = new FileEntry(FileId.of("ab".repeat(32)), "song of the sea.flac", 1000);

    private final NodeIdentity alice = NodeIdentity.generate("alice");
    private final NodeIdentity bob = NodeIdentity.generate("bob");
    private final List<TrackerClient> clients = new ArrayList<>();
    private TestCluster cluster;

    @BeforeEach
    void start() throws IOException {
        cluster = TestCluster.of(2, LEASE, Duration.ofDays(1), Clock.systemUTC());
    }

    @AfterEach
    void stop() throws IOException {
        for (TrackerClient client : clients) {
            client.close();
        }
        cluster.close();
    }

    @Test
    void aPeerRegisteredOnOneInstanceIsListedSearchedAndLocatedOnTheOtherWithinASecond() throws IOException {
        TrackerClient onB = connect(1, bob);
        registered(0, alice, "alice", SONG);

        await().atMost(WITHIN).untilAsserted(() -> {
            assertThat(onB.request(new Message.Search("sea", 10), Message.SearchResult.class).hits())
                    .containsExactly(new SearchHit(SONG.id(), SONG.name(), SONG.size(), 1, 0));
            assertThat(onB.request(new Message.ListPeers(), Message.PeerList.class).peers())
                    .extracting(PeerEntry::name).containsExactly("alice");
        });
        Message.LocateResult located = onB.request(new Message.Locate("ababab"), Message.LocateResult.class);
        assertThat(located.sources()).singleElement().satisfies(source -> {
            assertThat(source.peer().id()).isEqualTo(alice.id());
            assertThat(source.peer().port()).isEqualTo(7001);
        });
    }

    @Test
    void textsBroadcastsAndOffersCrossInstances() throws IOException {
        TrackerClient fromAlice = subscribed(0, alice, "alice", false);
        TrackerClient toBob = subscribed(1, bob, "bob", false);
        cluster.awaitConverged(WITHIN, cluster.instances());

        assertThat(fromAlice.request(new Message.SendText(bob.id(), "hello bob"), Message.Relayed.class).peers())
                .isEqualTo(1);
        assertThat(toBob.receive()).isEqualTo(new Message.TextFrom(alice.id(), "alice", false, "hello bob"));

        assertThat(fromAlice.request(new Message.BroadcastText("hello all"), Message.Relayed.class).peers())
                .isEqualTo(1);
        assertThat(toBob.receive()).isEqualTo(new Message.TextFrom(alice.id(), "alice", true, "hello all"));

        fromAlice.request(new Message.Announce(List.of(SONG), List.of()), Message.Ok.class);
        assertThat(fromAlice.request(new Message.OfferFile(SONG), Message.Relayed.class).peers()).isEqualTo(1);
        assertThat(toBob.receive()).isEqualTo(new Message.OfferFrom(alice.id(), "alice", SONG));
    }

    @Test
    void whoJoinsAndLeavesIsToldOnceToAnObserverOnTheOtherInstance() throws IOException {
        TrackerClient observer = subscribed(1, bob, "bob", true);
        cluster.awaitConverged(WITHIN, cluster.instances());

        TrackerClient onA = registered(0, alice, "alice");
        assertThat(observer.receive()).isInstanceOfSatisfying(Message.PeerJoined.class,
                joined -> assertThat(joined.peer().id()).isEqualTo(alice.id()));
        onA.request(new Message.Unregister(), Message.Ok.class);
        assertThat(observer.receive()).isEqualTo(new Message.PeerLeft(alice.id(), "alice"));

        assertNothingMoreFor(observer);
    }

    @Test
    void aPeerThatMovesToAnotherInstanceReplacesItsSessionWithoutLeaving() throws IOException {
        TrackerClient observer = subscribed(1, bob, "bob", true);
        cluster.awaitConverged(WITHIN, cluster.instances());
        TrackerClient before = registered(0, alice, "alice", SONG);
        assertThat(observer.receive()).isInstanceOf(Message.PeerJoined.class);

        registered(1, alice, "alice", SONG);

        assertThat(before.receiveUnlessClosed()).as("the old connection, closed by its instance").isEmpty();
        cluster.awaitConverged(WITHIN, cluster.instances());
        // Bob's session, held by the second instance too, is on another line: only alice's counts here.
        assertThat(cluster.instance(0).view().lines().filter(line -> line.contains(" alice ")))
                .as("alice's session, as the first instance lists it")
                .singleElement().asString().contains(" " + cluster.instance(1).clusterStatus().instance() + ".");
        assertNothingMoreFor(observer);
    }

    @Test
    void aDeadInstancesPeersLeaveOnceWhenItsLeaseRunsOut() throws IOException {
        TrackerClient observer = subscribed(1, bob, "bob", true);
        cluster.awaitConverged(WITHIN, cluster.instances());
        registered(0, alice, "alice", SONG);
        assertThat(observer.receive()).isInstanceOf(Message.PeerJoined.class);

        cluster.stop(0);

        assertThat(observer.receive()).as("once the lease ran out").isEqualTo(new Message.PeerLeft(alice.id(), "alice"));
        assertThat(observer.request(new Message.Search("sea", 10), Message.SearchResult.class).hits()).isEmpty();
        assertThat(cluster.redis().command("EXISTS", "p2ps:{test}:peer:" + alice.id().hex())).isEqualTo(":0\r\n");
        assertNothingMoreFor(observer);
    }

    @Test
    void whileRedisIsPausedEachInstanceServesItsPeersAndTheClusterConvergesAfter() throws Exception {
        registered(0, alice, "alice", SONG);
        TrackerClient onB = registered(1, bob, "bob");
        cluster.awaitConverged(WITHIN, cluster.instances());

        cluster.redis().pause();
        try {
            assertThat(onB.request(new Message.Search("sea", 10), Message.SearchResult.class).hits())
                    .as("the last view").hasSize(1);
            onB.request(new Message.Announce(List.of(new FileEntry(FileId.of("cd".repeat(32)), "notes.txt", 5)),
                    List.of()), Message.Ok.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> cluster.instance(1).clusterStatus().degraded());
        } finally {
            cluster.redis().resume();
        }

        cluster.awaitConverged(Duration.ofSeconds(10), cluster.instances());
        assertThat(cluster.instance(0).view()).contains("bob").contains("cdcdcdcdcdcd");
        await().atMost(Duration.ofSeconds(10)).until(() -> !cluster.instance(1).clusterStatus().degraded());
    }

    @Test
    void afterRedisRestartsEmptyEveryInstanceWritesItsPeersAgainWithoutAnyoneLeaving() throws Exception {
        TrackerClient observer = subscribed(1, bob, "bob", true);
        cluster.awaitConverged(WITHIN, cluster.instances());
        registered(0, alice, "alice", SONG);
        assertThat(observer.receive()).isInstanceOf(Message.PeerJoined.class);

        cluster.redis().restartEmpty();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                cluster.redis().command("EXISTS", "p2ps:{test}:peer:" + alice.id().hex())).isEqualTo(":1\r\n"));
        cluster.awaitConverged(Duration.ofSeconds(10), cluster.instances());
        assertThat(cluster.instance(1).view()).contains("alice").contains("abababababab");
        assertNothingMoreFor(observer);
    }

    @Test
    void aPeerWithThousandsOfFilesIsListedWholeOnEveryInstanceAndInRedis() throws IOException {
        List<FileEntry> files = new ArrayList<>();
        for (int i = 0; i < 1500; i++) {
            files.add(new FileEntry(FileId.of(String.format("%064x", i + 1)), "file " + i + ".txt", i + 1));
        }
        TrackerClient onA = registered(0, alice, "alice", files.subList(0, 1000).toArray(FileEntry[]::new));
        onA.request(new Message.Announce(files.subList(1000, 1500),
                files.subList(0, 300).stream().map(FileEntry::id).toList()), Message.Ok.class);

        cluster.awaitConverged(WITHIN, cluster.instances());
        assertThat(cluster.instance(1).fileCount()).isEqualTo(1200);
        assertThat(cluster.redis().command("HLEN", "p2ps:{test}:files:" + alice.id().hex())).isEqualTo(":1200\r\n");
    }

    @Test
    void statusAndMetricsShowTheClusterItsInstancesAndLag() throws Exception {
        registered(0, alice, "alice", SONG);
        cluster.awaitConverged(WITHIN, cluster.instances());

        try (MetricsServer metrics = MetricsServer.start(cluster.instance(1).metrics(), 0)) {
            HttpClient http = HttpClient.newHttpClient();
            String status = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metrics.port()
                    + "/status")).build(), HttpResponse.BodyHandlers.ofString()).body();
            String text = http.send(HttpRequest.newBuilder(URI.create(metrics.metricsUrl())).build(),
                    HttpResponse.BodyHandlers.ofString()).body();

            assertThat(status).contains("\"cluster\":{\"instance\":\"" + cluster.instance(1).clusterStatus().instance())
                    .contains("\"degraded\":false").contains("\"remotePeers\":1").contains("\"queuedChanges\":0");
            assertThat(status).contains(cluster.instance(0).clusterStatus().instance());
            assertThat(text).contains("p2pshare_tracker_cluster_instances 2.0")
                    .contains("p2pshare_tracker_cluster_degraded 0.0")
                    .contains("p2pshare_tracker_cluster_remote_peers 1.0")
                    .containsPattern("p2pshare_tracker_cluster_lag_seconds [0-9.]+");
        }
    }

    /** Nothing reaches {@code observer} over two leases: long enough for a stray notice to arrive. */
    private void assertNothingMoreFor(TrackerClient observer) throws IOException {
        assertThat(observer.request(new Message.Heartbeat())).isEqualTo(new Message.Ok());
        observer.readTimeout(LEASE.multipliedBy(2));
        try {
            Message stray = observer.receive();
            assertThat(stray).as("a notice nobody should have had").isNull();
        } catch (SocketTimeoutException expected) {
            // Nothing came.
        }
    }

    private TrackerClient connect(int instance, NodeIdentity who) throws IOException {
        TrackerClient client = TrackerClient.connect(cluster.instance(instance).port(), who);
        clients.add(client);
        client.hello();
        return client;
    }

    private TrackerClient registered(int instance, NodeIdentity who, String name, FileEntry... files)
            throws IOException {
        TrackerClient client = connect(instance, who);
        client.register(name, 7001, files);
        return client;
    }

    private TrackerClient subscribed(int instance, NodeIdentity who, String name, boolean presence)
            throws IOException {
        TrackerClient client = registered(instance, who, name);
        client.request(new Message.Subscribe(presence), Message.Ok.class);
        return client;
    }
}
