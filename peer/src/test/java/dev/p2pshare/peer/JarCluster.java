package dev.p2pshare.peer;

import dev.p2pshare.peer.net.TrackerAddress;
import dev.p2pshare.protocol.NodeId;
import dev.p2pshare.protocol.testkit.JarProcess;
import dev.p2pshare.protocol.testkit.RedisServer;
import dev.p2pshare.protocol.transport.Endpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Tracker jars run as one cluster: a redis-server of the test's own, and tracker processes on
 * free loopback ports that share one network through it, each keeping its identity in a folder of
 * its own under the test's folder and logging in with the password from a secret file there.
 * {@link #close} kills every tracker and stops Redis.
 */
final class JarCluster implements AutoCloseable {

    /** The heap each process gets: several JVMs share a small machine. */
    static final String HEAP = "-Xmx192m";

    /** Every key of the network, as the trackers name it in Redis without {@code --cluster-network}. */
    static final String PREFIX = "p2ps:{p2pshare}:";

    private static final Pattern PIN = Pattern.compile("peers can pin it: --tracker HOST:(\\d+)#([0-9a-f]{64})$");
    private static final Pattern INSTANCE = Pattern.compile("sharing one network through \\S+ as instance (\\S+)$");

    /** One tracker process: where peers reach it, pinned to its id, and its instance's name in Redis. */
    record Instance(JarProcess process, TrackerAddress address, String name) {

        /** {@code 127.0.0.1:PORT#ID}, as {@code --tracker} takes it. */
        String pinned() {
            return address.endpoint() + "#" + address.id().orElseThrow().hex();
        }
    }

    private final RedisServer redis;
    private final List<JarProcess> processes = new ArrayList<>();
    private final List<Instance> instances = new ArrayList<>();

    private JarCluster(RedisServer redis) {
        this.redis = redis;
    }

    /**
     * Starts Redis and {@code size} trackers whose peers expire after {@code peerTtl} and whose
     * instances lease their share for {@code lease}, and returns once every tracker serves.
     */
    static JarCluster start(Path root, int size, Duration lease, Duration peerTtl) throws Exception {
        JarCluster cluster = new JarCluster(RedisServer.start());
        try {
            Path secret = Files.writeString(root.resolve("cluster-secret"), cluster.redis.password() + "\n",
                    StandardCharsets.US_ASCII);
            for (int i = 0; i < size; i++) {
                // All are started before any is awaited, so that their JVMs start side by side.
                cluster.processes.add(JarProcess.launch(JarNetwork.TRACKER_JAR).in(root).jvmOptions(HEAP).start(
                        "--port", "0", "--bind", "127.0.0.1", "--peer-ttl", Long.toString(peerTtl.toSeconds()),
                        "--state", root.resolve("tracker-" + i).toString(),
                        "--cluster", cluster.redis.uri(), "--cluster-secret", secret.toString(),
                        "--cluster-lease", Long.toString(lease.toSeconds())));
            }
            for (JarProcess tracker : cluster.processes) {
                cluster.instances.add(served(tracker));
            }
            return cluster;
        } catch (Exception | AssertionError e) {
            cluster.close();
            throw e;
        }
    }

    private static Instance served(JarProcess tracker) throws InterruptedException {
        Matcher pin = PIN.matcher(tracker.awaitOutput(PIN, JarNetwork.PATIENCE));
        Matcher instance = INSTANCE.matcher(tracker.awaitOutput(INSTANCE, JarNetwork.PATIENCE));
        if (!pin.find() || !instance.find()) {
            throw new AssertionError("no port, id or instance in the start-up lines of " + tracker);
        }
        return new Instance(tracker, new TrackerAddress(new Endpoint("127.0.0.1", Integer.parseInt(pin.group(1))),
                Optional.of(NodeId.of(pin.group(2)))), instance.group(1));
    }

    /** The trackers, in the order started. */
    List<Instance> instances() {
        return List.copyOf(instances);
    }

    /** The tracker listening on {@code endpoint}. */
    Instance at(Endpoint endpoint) {
        return instances.stream().filter(instance -> instance.address().endpoint().equals(endpoint)).findFirst()
                .orElseThrow(() -> new AssertionError("no tracker of the cluster listens on " + endpoint));
    }

    /** Every tracker, pinned to its id, as {@code --tracker} takes a list. */
    String trackerList() {
        return instances.stream().map(Instance::pinned).collect(Collectors.joining(","));
    }

    RedisServer redis() {
        return redis;
    }

    /** The name of the instance Redis says holds {@code peer}'s session, if it holds one. */
    Optional<String> holder(NodeId peer) throws IOException {
        return bulkString(redis.command("HGET", PREFIX + "peer:" + peer.hex(), "inst"));
    }

    /** Whether {@code instance} still holds a lease in Redis: it renews it, or it has not been reaped. */
    boolean leased(String instance) throws IOException {
        return bulkString(redis.command("ZSCORE", PREFIX + "lease", instance)).isPresent();
    }

    private static Optional<String> bulkString(String reply) {
        if (reply.equals("$-1\r\n")) {
            return Optional.empty();
        }
        if (!reply.startsWith("$") || !reply.endsWith("\r\n")) {
            throw new AssertionError("not a bulk string from Redis: " + reply);
        }
        return Optional.of(reply.substring(reply.indexOf("\r\n") + 2, reply.length() - 2));
    }

    @Override
    public void close() throws IOException, InterruptedException {
        processes.forEach(JarProcess::close);
        redis.close();
    }
}
