package dev.p2pshare.tracker;

import dev.p2pshare.protocol.FileEntry;
import dev.p2pshare.protocol.FileId;
import dev.p2pshare.protocol.NodeId;
import dev.p2pshare.protocol.Printable;
import dev.p2pshare.protocol.transport.ConnectionThreads;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.io.Closeable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes this instance's own changes to the shared store, in the order they were made, on one
 * thread and one connection, so that whoever made a change never waits for the store.
 *
 * <p>Nothing piles up while the store is away: the queue holds {@value #CAPACITY} changes at most,
 * and a change that cannot be queued or written marks the store <em>behind</em>. From then on,
 * changes are dropped until {@link #republish()} writes every session this instance holds afresh
 * and names them all, which brings the store back in line whatever was lost.
 */
final class ClusterWriter implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(ClusterWriter.class);

    /** How many changes wait to be written at most. */
    static final int CAPACITY = 100_000;

    /** How many changes go to the store in one pipelined batch. */
    private static final int BATCH = 256;

    /** How many entries the shared log keeps, about: a reader further behind rebuilds its view. */
    static final String LOG_LENGTH = "100000";

    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(5);

    /** What waits in the queue: a change, or the request to write everything afresh. */
    private sealed interface Job permits Publish, Republish {
    }

    private record Publish(ClusterChange change) implements Job {
    }

    private record Republish() implements Job {
    }

    private final String prefix;
    private final String instance;
    private final RedisAsyncCommands<String, String> store;
    private final Supplier<Map<ClusterScripts, String>> scripts;
    private final Supplier<List<ClusterChange>> ownSessions;
    private final BlockingQueue<Job> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final AtomicBoolean behind = new AtomicBoolean();
    private final AtomicBoolean republishQueued = new AtomicBoolean();
    private final AtomicLong dropped = new AtomicLong();
    private final Thread thread;
    private volatile boolean closed;

    /**
     * @param scripts the digests of the scripts as loaded into the store now
     * @param ownSessions every session this instance holds, as the changes that rebuild it
     */
    ClusterWriter(String prefix, String instance, RedisAsyncCommands<String, String> store,
            Supplier<Map<ClusterScripts, String>> scripts, Supplier<List<ClusterChange>> ownSessions) {
        this.prefix = prefix;
        this.instance = instance;
        this.store = store;
        this.scripts = scripts;
        this.ownSessions = ownSessions;
        this.thread = ConnectionThreads.startDaemon("tracker-cluster-writer", this::run);
    }

    /** Queues {@code change}; never waits. */
    void publish(ClusterChange change) {
        if (behind.get()) {
            dropped.incrementAndGet();
            return;
        }
        if (!queue.offer(new Publish(change))) {
            fallBehind("the queue of changes to write is full");
        }
    }

    /** Queues a rewrite of every session held here, unless one is waiting already. */
    void republish() {
        if (republishQueued.compareAndSet(false, true) && !queue.offer(new Republish())) {
            republishQueued.set(false);
        }
    }

    /** Whether changes were lost on the way to the store and a {@link #republish()} is due. */
    boolean behind() {
        return behind.get();
    }

    /** How many changes wait to be written. */
    int queued() {
        return queue.size();
    }

    private void run() {
        List<Job> batch = new ArrayList<>(BATCH);
        while (!closed) {
            try {
                Job first = queue.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                fallBehind(Printable.escape(e));
            } finally {
                batch.clear();
            }
        }
    }

    private void write(List<Job> batch) {
        List<RedisFuture<Long>> sent = new ArrayList<>(batch.size());
        for (Job job : batch) {
            if (job instanceof Republish) {
                await(sent);
                sent.clear();
                rewriteAll();
            } else if (!behind.get()) {
                sent.add(send(((Publish) job).change(), false));
            }
        }
        await(sent);
    }

    /** Writes every session held here afresh, then the roster of them all. */
    private void rewriteAll() {
        republishQueued.set(false);
        behind.set(false);
        long lost = dropped.getAndSet(0);
        List<ClusterChange> sessions = ownSessions.get();
        List<RedisFuture<Long>> sent = new ArrayList<>(sessions.size() + 1);
        List<String> roster = new ArrayList<>(List.of(prefix, instance, "", LOG_LENGTH));
        List<NodeId> held = new ArrayList<>();
        for (ClusterChange change : sessions) {
            sent.add(send(change, true));
            if (change instanceof ClusterChange.Registered) {
                held.add(change.peer());
                roster.add(change.peer().hex());
            }
        }
        roster.set(2, ClusterLog.roster(held));
        sent.add(run(ClusterScripts.ROSTER, roster));
        if (await(sent)) {
            log.info("wrote the {} {} held here to the cluster's store afresh{}", held.size(),
                    held.size() == 1 ? "session" : "sessions",
                    lost > 0 ? " (" + lost + " changes had not reached it)" : "");
        }
    }

    private RedisFuture<Long> send(ClusterChange change, boolean republishing) {
        String entry = ClusterLog.encode(change);
        String peer = change.peer().hex();
        List<String> args = new ArrayList<>(List.of(prefix, instance, peer, change.session()));
        if (change instanceof ClusterChange.Registered registered) {
            args.addAll(List.of(registered.name(), registered.host(), Integer.toString(registered.port()), entry,
                    LOG_LENGTH, republishing ? "1" : "0"));
            for (FileEntry file : registered.files()) {
                args.add(file.id().hex());
                args.add(ClusterLog.wholeRecord(file));
            }
            return run(ClusterScripts.REGISTER, args);
        }
        if (change instanceof ClusterChange.Ended) {
            args.addAll(List.of(entry, LOG_LENGTH));
            return run(ClusterScripts.END, args);
        }
        args.addAll(List.of(entry, LOG_LENGTH));
        if (change instanceof ClusterChange.FilesChanged filesChanged) {
            args.add("");
            args.add(Integer.toString(filesChanged.added().size()));
            for (FileEntry file : filesChanged.added()) {
                args.add(file.id().hex());
                args.add(ClusterLog.wholeRecord(file));
            }
            for (FileId removed : filesChanged.removed()) {
                args.add(removed.hex());
            }
        } else if (change instanceof ClusterChange.Partial partial) {
            args.addAll(List.of("", "1", partial.file().id().hex(),
                    ClusterLog.partialRecord(partial.file(), partial.chunks())));
        } else {
            args.addAll(List.of(((ClusterChange.Subscribed) change).presence() ? "2" : "1", "0"));
        }
        return run(ClusterScripts.CHANGE, args);
    }

    private RedisFuture<Long> run(ClusterScripts script, List<String> args) {
        return store.evalsha(scripts.get().get(script), ScriptOutputType.INTEGER, new String[0],
                args.toArray(String[]::new));
    }

    /** Waits for {@code sent} to be written; false, and behind, if any was not. */
    private boolean await(List<RedisFuture<Long>> sent) {
        if (sent.isEmpty()) {
            return true;
        }
        try {
            if (LettuceFutures.awaitAll(WRITE_TIMEOUT, sent.toArray(RedisFuture[]::new))) {
                return true;
            }
            fallBehind("no answer within " + WRITE_TIMEOUT.toSeconds() + " s");
        } catch (RuntimeException e) {
            // Lettuce reports a failed command, a lost connection or a refusal to queue this way.
            fallBehind(Printable.escape(e));
        }
        return false;
    }

    private void fallBehind(String why) {
        if (behind.compareAndSet(false, true)) {
            queue.removeIf(Publish.class::isInstance);
            log.warn("the cluster's store did not take this instance's changes ({}); they will be written afresh "
                    + "once it does", why);
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
