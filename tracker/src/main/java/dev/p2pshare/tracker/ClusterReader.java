package dev.p2pshare.tracker;

import dev.p2pshare.protocol.FileEntry;
import dev.p2pshare.protocol.NodeId;
import dev.p2pshare.protocol.Printable;
import dev.p2pshare.protocol.transport.ConnectionThreads;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.Closeable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the registry's view of the peers other instances hold: first from the store's records,
 * then from its log, entry by entry, on a thread of its own with a connection of its own (reading
 * the log blocks).
 *
 * <p>If the log has moved on past the last entry read (the reader was cut off longer than the
 * log is kept), the view is rebuilt from the records, telling who joined and left meanwhile. If
 * the store restarted empty, the log is read from its start: every instance writes its sessions
 * afresh, and names them all, as soon as it notices.
 */
final class ClusterReader implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(ClusterReader.class);

    private static final Duration BLOCK = Duration.ofSeconds(1);
    private static final int ENTRIES_PER_READ = 500;
    private static final Duration RETRY = Duration.ofMillis(500);
    private static final Duration BOOTSTRAP_BATCH_TIMEOUT = Duration.ofSeconds(30);

    private final String prefix;
    private final String instance;
    private final RedisCommands<String, String> store;
    private final RedisAsyncCommands<String, String> pipelined;
    private final long startedAtMillis = System.currentTimeMillis();
    private final PeerRegistry registry;
    private final Thread thread;
    private volatile boolean closed;
    private volatile long currentAtMillis;
    private volatile long entryAgeMillis;
    private String lastId;
    private String runId;

    ClusterReader(String prefix, String instance, StatefulRedisConnection<String, String> connection,
            PeerRegistry registry) {
        this.prefix = prefix;
        this.instance = instance;
        this.store = connection.sync();
        this.pipelined = connection.async();
        this.registry = registry;
        this.thread = ConnectionThreads.startDaemon("tracker-cluster-reader", this::run);
    }

    /** How far behind the log the view is, in milliseconds; see {@link ClusterStatus#lagMillis()}. */
    long lagMillis() {
        long sinceCurrent = System.currentTimeMillis() - Math.max(currentAtMillis, startedAtMillis);
        return sinceCurrent > 2 * BLOCK.toMillis() ? sinceCurrent : entryAgeMillis;
    }

    /** Whether the view has been built from the store at least once. */
    boolean started() {
        return lastId != null;
    }

    private void run() {
        boolean failing = false;
        while (!closed) {
            try {
                if (lastId == null) {
                    rebuild(false);
                } else if (failing) {
                    catchUp();
                }
                failing = false;
                readOnce();
            } catch (RuntimeException e) {
                if (closed) {
                    return;
                }
                if (!failing) {
                    log.warn("cannot read the cluster's log: {}; this instance serves its last view meanwhile",
                            Printable.escape(e));
                }
                failing = true;
                LockSupport.parkNanos(RETRY.toNanos());
            }
        }
    }

    /** After the store was away: reads on, or from the start of a new log, or rebuilds the view. */
    private void catchUp() {
        String nowRunning = runId();
        if (!nowRunning.equals(runId)) {
            log.info("the cluster's store restarted; reading its log from the start");
            runId = nowRunning;
            lastId = "0-0";
            return;
        }
        List<StreamMessage<String, String>> first = store.xrange(prefix + "log", Range.create("-", "+"), Limit.from(1));
        if (!first.isEmpty() && compareIds(first.get(0).getId(), lastId) > 0) {
            log.info("the cluster's log moved on past this instance's view; rebuilding it");
            rebuild(true);
        }
    }

    private void readOnce() {
        List<StreamMessage<String, String>> entries = store.xread(
                XReadArgs.Builder.block(BLOCK).count(ENTRIES_PER_READ),
                XReadArgs.StreamOffset.from(prefix + "log", lastId));
        long now = System.currentTimeMillis();
        currentAtMillis = now;
        if (entries == null || entries.isEmpty()) {
            entryAgeMillis = 0;
            return;
        }
        for (StreamMessage<String, String> entry : entries) {
            lastId = entry.getId();
            apply(entry.getBody());
        }
        entryAgeMillis = Math.max(0, now - idMillis(lastId));
    }

    private void apply(Map<String, String> fields) {
        String owner = fields.get("i");
        if (owner == null || owner.equals(instance)) {
            return;
        }
        try {
            ClusterLog.Entry entry = ClusterLog.decode(fields.getOrDefault("e", ""));
            if (entry.t().equals("roster")) {
                int ended = registry.removeHeldBy(owner, new HashSet<>(entry.peers()));
                log.debug("instance {} named the peers it holds; {} others it was listed as holding are gone",
                        owner, ended);
            } else {
                registry.applyRemote(owner, ClusterLog.change(entry), true);
            }
        } catch (RuntimeException e) {
            log.warn("skipped an entry of the cluster's log from instance {} that this instance cannot read: {}",
                    Printable.escape(owner), Printable.escape(e));
        }
    }

    /**
     * Builds the view from the store's records, then reads the log from where it stood before
     * them: entries read twice change nothing.
     *
     * @param tell whether peers new to the view, or gone from it, are told as joined or left
     */
    private void rebuild(boolean tell) {
        runId = runId();
        List<StreamMessage<String, String>> newest = store.xrevrange(prefix + "log", Range.create("-", "+"),
                Limit.from(1));
        String from = newest.isEmpty() ? "0-0" : newest.get(0).getId();
        Map<String, Set<NodeId>> held = new HashMap<>();
        ScanArgs peers = ScanArgs.Builder.matches(prefix + "peer:*").limit(1000);
        KeyScanCursor<String> cursor = store.scan(peers);
        while (true) {
            restore(cursor.getKeys(), tell, held);
            if (cursor.isFinished()) {
                break;
            }
            cursor = store.scan(ScanCursor.of(cursor.getCursor()), peers);
        }
        for (String owner : registry.owners()) {
            registry.removeHeldBy(owner, held.getOrDefault(owner, Set.of()));
        }
        lastId = from;
        currentAtMillis = System.currentTimeMillis();
        int count = held.values().stream().mapToInt(Set::size).sum();
        log.info("read the cluster's view: {} {} held by {} other {}", count, count == 1 ? "peer" : "peers",
                held.size(), held.size() == 1 ? "instance" : "instances");
    }

    /** Restores the peers whose records are under {@code keys}, reading them all in one round trip. */
    private void restore(List<String> keys, boolean tell, Map<String, Set<NodeId>> held) {
        List<RedisFuture<Map<String, String>>> records = new ArrayList<>(keys.size());
        List<RedisFuture<Map<String, String>>> files = new ArrayList<>(keys.size());
        for (String key : keys) {
            records.add(pipelined.hgetall(key));
            files.add(pipelined.hgetall(prefix + "files:" + key.substring((prefix + "peer:").length())));
        }
        List<RedisFuture<?>> all = new ArrayList<>(records);
        all.addAll(files);
        if (!LettuceFutures.awaitAll(BOOTSTRAP_BATCH_TIMEOUT, all.toArray(RedisFuture[]::new))) {
            throw new IllegalStateException("the cluster's store did not answer within "
                    + BOOTSTRAP_BATCH_TIMEOUT.toSeconds() + " s");
        }
        for (int i = 0; i < keys.size(); i++) {
            restore(keys.get(i), records.get(i).toCompletableFuture().join(), files.get(i).toCompletableFuture().join(),
                    tell, held);
        }
    }

    private void restore(String key, Map<String, String> record, Map<String, String> files, boolean tell,
            Map<String, Set<NodeId>> held) {
        try {
            NodeId peer = NodeId.of(key.substring((prefix + "peer:").length()));
            String owner = record.get("inst");
            String session = record.get("sess");
            if (owner == null || session == null || owner.equals(instance)) {
                return;
            }
            List<FileEntry> whole = new ArrayList<>();
            List<ClusterChange> partial = new ArrayList<>();
            for (Map.Entry<String, String> file : files.entrySet()) {
                ClusterChange.Partial part = ClusterLog.readRecord(peer, session, file.getKey(), file.getValue(),
                        whole);
                if (part != null) {
                    partial.add(part);
                }
            }
            registry.applyRemote(owner, new ClusterChange.Registered(peer, session, record.getOrDefault("name", "?"),
                    record.getOrDefault("host", ""), Integer.parseInt(record.getOrDefault("port", "0")), whole), tell);
            for (ClusterChange change : partial) {
                registry.applyRemote(owner, change, tell);
            }
            String subscription = record.getOrDefault("sub", "");
            if (!subscription.isEmpty()) {
                registry.applyRemote(owner, new ClusterChange.Subscribed(peer, session, subscription.equals("2")),
                        tell);
            }
            held.computeIfAbsent(owner, any -> new HashSet<>()).add(peer);
        } catch (RuntimeException e) {
            log.warn("skipped the cluster's record {}, which this instance cannot read: {}", Printable.escape(key),
                    Printable.escape(e));
        }
    }

    private String runId() {
        String info = store.info("server");
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("run_id:")) {
                return line.substring("run_id:".length()).trim();
            }
        }
        return "";
    }

    private static long idMillis(String id) {
        int dash = id.indexOf('-');
        return Long.parseLong(dash < 0 ? id : id.substring(0, dash));
    }

    /** Orders two stream ids, {@code MILLIS-SEQUENCE}. */
    static int compareIds(String a, String b) {
        int byMillis = Long.compare(idMillis(a), idMillis(b));
        if (byMillis != 0) {
            return byMillis;
        }
        return Long.compare(Long.parseLong(a.substring(a.indexOf('-') + 1)),
                Long.parseLong(b.substring(b.indexOf('-') + 1)));
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
