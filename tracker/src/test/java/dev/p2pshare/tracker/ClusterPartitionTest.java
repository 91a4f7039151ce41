package dev.p2pshare.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.p2pshare.protocol.FileEntry;
import dev.p2pshare.protocol.FileId;
import dev.p2pshare.protocol.Message;
import dev.p2pshare.protocol.testkit.RedisServer;
import dev.p2pshare.protocol.tls.NodeIdentity;
import java.net.InetAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An instance cut off from the cluster's store for longer than its lease: the others end its
 * sessions, once each; when it is back, it writes them afresh and they are listed again, its peers
 * having stayed connected to it throughout.
 */
@Timeout(120)
class ClusterPartitionTest {

    private static final Duration LEASE = Duration.ofSeconds(2);
    private static final FileEntry SONG = new FileEntry(FileId.of("ab".repeat(32)), "song of the sea.flac", 1000);

    @Test
    void anInstanceCutOffPastItsLeaseRejoinsWithItsPeersStillConnected() throws Exception {
        NodeIdentity alice = NodeIdentity.generate("alice");
        NodeIdentity bob = NodeIdentity.generate("bob");
        try (RedisServer redis = RedisServer.start(); CuttableProxy link = new CuttableProxy(redis.port())) {
            Tracker cutOff = Tracker.start(config(redis, URI.create("redis://127.0.0.1:" + link.port())));
            Tracker other = Tracker.start(config(redis, URI.create(redis.uri())));
            try (TrackerClient onCutOff = TrackerClient.connect(cutOff.port(), alice);
                    TrackerClient observer = TrackerClient.connect(other.port(), bob)) {
                observer.hello();
                observer.register("bob", 7002);
                observer.request(new Message.Subscribe(true), Message.Ok.class);
                onCutOff.hello();
                onCutOff.register("alice", 7001, SONG);
                assertThat(observer.receive()).isInstanceOf(Message.PeerJoined.class);

                link.cut();
                assertThat(observer.receive()).as("once the lease ran out")
                        .isEqualTo(new Message.PeerLeft(alice.id(), "alice"));
                await().atMost(Duration.ofSeconds(10)).until(() -> cutOff.clusterStatus().degraded());
                assertThat(onCutOff.request(new Message.Search("sea", 10), Message.SearchResult.class).hits())
                        .as("the cut-off instance serves its own peers meanwhile").hasSize(1);
                link.restore();

                assertThat(observer.receive()).isInstanceOfSatisfying(Message.PeerJoined.class,
                        joined -> assertThat(joined.peer().id()).isEqualTo(alice.id()));
                await().atMost(Duration.ofSeconds(10)).until(() -> cutOff.view().equals(other.view()));
                assertThat(other.view()).contains("alice").contains("abababababab");
                assertThat(onCutOff.request(new Message.Heartbeat())).as("alice's session, never dropped")
                        .isEqualTo(new Message.Ok());
                await().atMost(Duration.ofSeconds(10)).until(() -> !cutOff.clusterStatus().degraded());
                assertThat(cutOff.clusterStatus().instances()).hasSize(2);
            } finally {
                cutOff.close();
                other.close();
            }
        }
    }

    private static TrackerConfig config(RedisServer redis, URI store) {
        return new TrackerConfig(InetAddress.getLoopbackAddress(), 0, Duration.ofDays(1), Duration.ofHours(1),
                Clock.systemUTC(), NodeIdentity.generate("tracker"), AllowList.everyone())
                .inCluster(new ClusterSettings(store, null, redis.password().toCharArray(), null, LEASE, "test"));
    }

}
