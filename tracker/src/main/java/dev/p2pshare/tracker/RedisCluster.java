package dev.p2pshare.tracker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.p2pshare.protocol.Message;
import dev.p2pshare.protocol.MessageCodec;
import dev.p2pshare.protocol.NodeId;
import dev.p2pshare.protocol.Printable;
import dev.p2pshare.protocol.transport.ConnectionThreads;
import dev.p2pshare.protocol.transport.Endpoint;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tracker instance's share of a network kept in Redis: its own changes go out through a
 * {@link ClusterWriter}, the others' come in through a {@link ClusterReader}, texts and offers for
 * peers held elsewhere travel over Pub/Sub, and a lease says the instance is alive.
 *
 * <p>Every second the instance renews its lease, ends (through the store, once) the sessions of
 * instances whose lease ran out, and drops from its view the peers of instances that are gone
 * without a word. A lease found run out or missing (this instance was cut off, or the store
 * restarted empty) has every session held here written afresh.
 */
final class RedisCluster implements Cluster {

    private static final Logger log = LoggerFactory.getLogger(RedisCluster.class);
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    /** How long any one command may take before the store counts as away. */
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);

    /** How many commands Lettuce holds for a slow store before refusing more. */
    private static final int REQUEST_QUEUE = 10_000;

    /** How many sessions of a dead instance one call of the reaper ends: each call stalls the store. */
    private static final String REAP_BATCH = "500";

    /** A notice passed from one instance to another: for one peer ({@code to}) or all but {@code sender}. */
    record Envelope(String from, NodeId to, NodeId sender, String notice) {
    }

    private final ClusterSettings settings;
    private final String instance;
    private final String prefix;
    private final PeerRegistry registry;
    private volatile String[] contact;
    private final ClientResources resources;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> writes;
    private final StatefulRedisConnection<String, String> reads;
    private final StatefulRedisPubSubConnection<String, String> notices;
    private final ClusterWriter writer;
    private final ClusterReader reader;
    private final ScheduledExecutorService ticker = ConnectionThreads.timer("tracker-cluster-lease");
    private final Map<String, Long> ownersMissingSince = new HashMap<>();
    private volatile Map<ClusterScripts, String> scripts;
    private volatile Relay relay;
    private volatile List<String> instances = List.of();
    private volatile long answeredAtMillis;

    private RedisCluster(ClusterSettings settings, PeerRegistry registry, NodeId id) {
        this.settings = settings;
        this.registry = registry;
        this.contact = new String[] {"", "0", id.hex()};
        this.prefix = settings.prefix();
        this.instance = HexFormat.of().formatHex(new SecureRandom().generateSeed(6));
        // Two I/O threads suffice for three connections; reconnecting waits at most two seconds, so
        // that an instance is back soon after the store is, well within its lease.
        this.resources = DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2)
                .reconnectDelay(Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(2), 2,
                        TimeUnit.MILLISECONDS))
                .build();
        this.client = RedisClient.create(resources, uri(settings));
        try {
            client.setOptions(options(settings));
            this.writes = client.connect();
            this.reads = client.connect();
            this.notices = client.connectPubSub();
            this.scripts = ClusterScripts.load(writes.sync());
        } catch (RuntimeException e) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            resources.shutdown(0, 2, TimeUnit.SECONDS);
            throw e;
        }
        this.writer = new ClusterWriter(prefix, instance, writes.async(), () -> scripts, registry::ownSessions);
        this.reader = new ClusterReader(prefix, instance, reads, registry);
    }

    /**
     * Joins the network in the store {@code settings} name, keeping {@code registry}'s view of the
     * other instances' peers and publishing its own.
     *
     * @param id the id this instance proves to peers, which the other instances may list
     * @throws IOException if the store cannot be reached, or refuses the credentials
     */
    static RedisCluster join(ClusterSettings settings, PeerRegistry registry, NodeId id) throws IOException {
        RedisCluster cluster;
        try {
            cluster = new RedisCluster(settings, registry, id);
        } catch (RuntimeException e) {
            throw new IOException("cannot reach the cluster's store at " + settings.store() + ": "
                    + Printable.escape(e), e);
        }
        cluster.start();
        return cluster;
    }

    private void start() {
        notices.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                receive(message);
            }
        });
        notices.sync().subscribe(prefix + "to:" + instance, prefix + "all");
        tick();
        long every = Math.min(1000, settings.lease().toMillis() / 5);
        ticker.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
        log.info("joined the cluster at {} as instance {}", settings.store(), instance);
    }

    /** Lists this instance in the store as listening on {@code endpoint}. */
    void advertise(Endpoint endpoint) {
        contact = new String[] {endpoint.host(), Integer.toString(endpoint.port()), contact[2]};
    }

    /** Notices for peers held here, passed on by other instances, go to {@code relay}. */
    void deliverTo(Relay relay) {
        this.relay = relay;
    }

    @Override
    public String instance() {
        return instance;
    }

    @Override
    public void publish(ClusterChange change) {
        writer.publish(change);
    }

    @Override
    public boolean sendTo(String owner, NodeId recipient, Message notice) {
        try {
            Long reached = writes.async().publish(prefix + "to:" + owner, envelope(recipient, null, notice))
                    .get(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return reached != null && reached > 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            log.debug("passing a notice to instance {} failed: {}", owner, Printable.escape(e));
            return false;
        }
    }

    @Override
    public void broadcast(NodeId sender, Message notice) {
        writes.async().publish(prefix + "all", envelope(null, sender, notice)).exceptionally(failure -> {
            log.debug("passing a notice to the other instances failed: {}", Printable.escape(failure));
            return 0L;
        });
    }

    @Override
    public ClusterStatus status() {
        long silentFor = System.currentTimeMillis() - answeredAtMillis;
        boolean away = silentFor > 2 * Math.min(1000, settings.lease().toMillis() / 5) + 1000;
        int remote = 0;
        for (RegisteredPeer peer : registry.online()) {
            remote += peer.remote() ? 1 : 0;
        }
        return new ClusterStatus(instance, instances, away || writer.behind() || !reader.started(),
                Math.max(reader.lagMillis(), away ? silentFor : 0), remote, writer.queued());
    }

    /** Renews the lease, writes everything afresh if it had run out, reaps dead instances, drops ghosts. */
    private void tick() {
        try {
            Long renewed = writes.sync().evalsha(scripts.get(ClusterScripts.LEASE), ScriptOutputType.INTEGER,
                    new String[0], prefix, instance, Long.toString(settings.lease().toMillis()),
                    contact[0], contact[1], contact[2]);
            answeredAtMillis = System.currentTimeMillis();
            if (renewed == null || renewed == 0 || writer.behind()) {
                writer.republish();
            }
            reap();
            List<String> alive = writes.sync().zrange(prefix + "lease", 0, -1);
            instances = List.copyOf(alive);
            dropGhosts(alive);
        } catch (RuntimeException e) {
            if (String.valueOf(e.getMessage()).contains("NOSCRIPT")) {
                // The store restarted empty: its scripts went with it.
                reloadScripts();
                return;
            }
            log.debug("the cluster's store did not answer: {}", Printable.escape(e));
        }
    }

    private void reloadScripts() {
        try {
            scripts = ClusterScripts.load(writes.sync());
            writer.republish();
            log.info("loaded the cluster's scripts into the store again");
        } catch (RuntimeException e) {
            log.debug("cannot load the cluster's scripts: {}", Printable.escape(e));
        }
    }

    private void reap() {
        for (int call = 0; call < 20; call++) {
            Long ended = writes.sync().evalsha(scripts.get(ClusterScripts.REAP), ScriptOutputType.INTEGER,
                    new String[0], prefix, REAP_BATCH, ClusterWriter.LOG_LENGTH);
            if (ended == null || ended < 0) {
                return;
            }
            if (ended > 0) {
                log.info("ended {} {} of a tracker instance that stopped renewing its lease", ended,
                        ended == 1 ? "session" : "sessions");
            }
        }
    }

    /** Drops the peers of instances that have held no lease for a whole lease: gone without a word. */
    private void dropGhosts(List<String> alive) {
        long now = System.currentTimeMillis();
        Set<String> owners = registry.owners();
        ownersMissingSince.keySet().retainAll(owners);
        for (String owner : owners) {
            if (alive.contains(owner)) {
                ownersMissingSince.remove(owner);
                continue;
            }
            long since = ownersMissingSince.computeIfAbsent(owner, any -> now);
            if (now - since > settings.lease().toMillis()) {
                int ended = registry.removeHeldBy(owner, Set.of());
                ownersMissingSince.remove(owner);
                log.info("dropped {} {} of tracker instance {}, which holds no lease", ended,
                        ended == 1 ? "peer" : "peers", owner);
            }
        }
    }

    private String envelope(NodeId to, NodeId sender, Message notice) {
        try {
            return JSON.writeValueAsString(new Envelope(instance, to, sender,
                    new String(MessageCodec.encode(notice), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a notice for another instance", e);
        }
    }

    private void receive(String message) {
        try {
            Envelope envelope = JSON.readValue(message, Envelope.class);
            Relay target = relay;
            if (instance.equals(envelope.from()) || target == null) {
                return;
            }
            Message notice = MessageCodec.decode(envelope.notice().getBytes(StandardCharsets.UTF_8));
            if (!(notice instanceof Message.TextFrom) && !(notice instanceof Message.OfferFrom)) {
                throw new IllegalArgumentException("only texts and offers pass between instances, not '"
                        + MessageCodec.typeName(notice.getClass()) + "'");
            }
            target.deliver(envelope.to(), envelope.sender(), notice);
        } catch (Exception e) {
            log.warn("dropped a notice from another instance that this one cannot read: {}", Printable.escape(e));
        }
    }

    private static RedisURI uri(ClusterSettings settings) {
        RedisURI uri = RedisURI.create(settings.store());
        uri.setTimeout(COMMAND_TIMEOUT);
        if (settings.password() != null) {
            if (settings.user() != null) {
                uri.setUsername(settings.user());
            }
            uri.setPassword(settings.password());
        }
        return uri;
    }

    private static ClientOptions options(ClusterSettings settings) {
        ClientOptions.Builder options = ClientOptions.builder()
                .autoReconnect(true)
                // Lettuce's default buffers every command while disconnected and replays them later:
                // unbounded memory, and stale writes. The writer republishes instead.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .requestQueueSize(REQUEST_QUEUE)
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT));
        if (settings.certificateAuthority() != null) {
            options.sslOptions(SslOptions.builder().jdkSslProvider()
                    .trustManager(settings.certificateAuthority().toFile()).build());
        }
        return options.build();
    }

    /** Stops renewing the lease and sharing: the sessions held here are ended by the others once it runs out. */
    @Override
    public void close() {
        ticker.shutdownNow();
        writer.close();
        reader.close();
        try {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            resources.shutdown(0, 2, TimeUnit.SECONDS);
        } catch (RuntimeException e) {
            log.debug("closing the connections to the cluster's store failed: {}", Printable.escape(e));
        }
    }
}
