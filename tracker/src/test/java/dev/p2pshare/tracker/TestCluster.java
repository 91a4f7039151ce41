package dev.p2pshare.tracker;

import static org.awaitility.Awaitility.await;

import dev.p2pshare.protocol.testkit.RedisServer;
import dev.p2pshare.protocol.tls.NodeIdentity;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Tracker instances on 127.0.0.1 sharing one network through a Redis of the test's own; closing
 * it stops them and the Redis.
 */
final class TestCluster implements AutoCloseable {

    /** How long any change takes to show on every instance, at most, in these tests. */
    static final Duration CONVERGES_WITHIN = Duration.ofSeconds(1);

    private final RedisServer redis;
    private final List<Tracker> instances = new ArrayList<>();
    private final Duration lease;

    private TestCluster(RedisServer redis, Duration lease) {
        this.redis = redis;
        this.lease = lease;
    }

    /** {@code count} instances with a new identity each, serving everyone, sharing a new Redis. */
    static TestCluster of(int count, Duration lease, Duration ttl, Clock clock) throws IOException {
        TestCluster cluster = new TestCluster(RedisServer.start(), lease);
        try {
            for (int i = 0; i < count; i++) {
                cluster.instances.add(Tracker.start(cluster.config(ttl, clock)));
            }
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /** Starts one more instance, as the others were started. */
    Tracker startAnother(Duration ttl, Clock clock) throws IOException {
        Tracker tracker = Tracker.start(config(ttl, clock));
        instances.add(tracker);
        return tracker;
    }

    private TrackerConfig config(Duration ttl, Clock clock) {
        return new TrackerConfig(InetAddress.getLoopbackAddress(), 0, ttl, Duration.ofHours(1), clock,
                NodeIdentity.generate("tracker"), AllowList.everyone()).inCluster(settings());
    }

    ClusterSettings settings() {
        return new ClusterSettings(URI.create(redis.uri()), null, redis.password().toCharArray(), null, lease,
                "test");
    }

    RedisServer redis() {
        return redis;
    }

    Tracker instance(int index) {
        return instances.get(index);
    }

    List<Tracker> instances() {
        return instances;
    }

    /** Stops instance {@code index} as a crash would look to the others: no word, sessions left behind. */
    void stop(int index) {
        instances.get(index).close();
    }

    /** Waits until every running instance lists the same peers, sessions and files. */
    void awaitConverged(Duration within, List<Tracker> running) {
        await().atMost(within).pollInterval(Duration.ofMillis(20)).until(() -> {
            String first = running.get(0).view();
            return running.stream().allMatch(tracker -> Objects.equals(tracker.view(), first));
        });
    }

    @Override
    public void close() {
        for (Tracker tracker : instances) {
            tracker.close();
        }
        try {
            redis.close();
        } catch (IOException e) {
            throw new IllegalStateException("cannot stop the test's redis-server", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
