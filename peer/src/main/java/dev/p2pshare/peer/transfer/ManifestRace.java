package dev.p2pshare.peer.transfer;

import dev.p2pshare.peer.net.SourceConnection;
import dev.p2pshare.protocol.FailureReason;
import dev.p2pshare.protocol.FileId;
import dev.p2pshare.protocol.Manifest;
import dev.p2pshare.protocol.PeerEntry;
import dev.p2pshare.protocol.Printable;
import dev.p2pshare.protocol.SourceEntry;
import dev.p2pshare.protocol.tls.UnexpectedIdentityException;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks several sources at once for a file's manifest; the first one that hashes to the file's id
 * wins. A source that is silent or slow costs nothing while another answers, and none can hold the
 * download longer than its connection and manifest deadlines ({@link SourceConnection}).
 *
 * <p>Attempts still under way when one wins go on to their end in the background, so that a
 * source caught lying is banned even when an honest one answered first; how each source fared
 * goes to the download's {@link SourceHistory}. A source that sends a manifest that does not hash
 * to the id, or proves another id than the one listed, is banned. {@link #close} ends every
 * attempt under way, from any thread.
 */
final class ManifestRace implements Closeable {

    /** How many sources are asked at once. */
    static final int AT_ONCE = 4;

    private static final Logger log = LoggerFactory.getLogger(ManifestRace.class);
    private static final Duration POLL = Duration.ofMillis(100);

    private final FileId id;
    /** Among them, how long connecting, and then the manifest's header, may each take in all. */
    private final SourceSettings settings;
    private final ExecutorService threads;
    private final SourceHistory history;
    private final Bans bans;
    private final Set<SourceConnection> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** What asking one source gave. */
    private record Attempt(SourceEntry source, Optional<Manifest> manifest, Optional<IOException> failure) {
    }

    ManifestRace(FileId id, SourceSettings settings, ExecutorService threads, SourceHistory history, Bans bans) {
        this.id = id;
        this.settings = settings;
        this.threads = threads;
        this.history = history;
        this.bans = bans;
    }

    /**
     * The manifest from the first of {@code sources} to send a valid one, asking up to
     * {@value #AT_ONCE} at a time; empty if none did by {@code deadlineNanos} (on the
     * settings' clock), or the race was closed.
     *
     * @param failed told, for each source that failed, who it was and why
     */
    Optional<Manifest> run(List<SourceEntry> sources, Consumer<String> failed, long deadlineNanos)
            throws InterruptedException {
        Deque<SourceEntry> waiting = new ArrayDeque<>(sources);
        ExecutorCompletionService<Attempt> attempts = new ExecutorCompletionService<>(threads);
        int running = 0;
        try {
            while (!closed && (running > 0 || !waiting.isEmpty())) {
                if (settings.clock().nanoTime() - deadlineNanos >= 0) {
                    close();
                    break;
                }
                while (running < AT_ONCE && !waiting.isEmpty()) {
                    SourceEntry next = waiting.poll();
                    history.asking(next);
                    attempts.submit(() -> ask(next));
                    running++;
                }
                // Polled, not taken: a race closed from another thread returns at once, leaving
                // connections still being made to their own deadlines.
                Future<Attempt> done = attempts.poll(POLL.toMillis(), TimeUnit.MILLISECONDS);
                if (done == null) {
                    continue;
                }
                Attempt attempt = done.get();
                running--;
                if (attempt.manifest().isPresent()) {
                    return attempt.manifest();
                }
                attempt.failure().filter(failure -> !closed).ifPresent(failure -> {
                    PeerEntry peer = attempt.source().peer();
                    String why = peer.name() + " (" + peer.host() + ":" + peer.port() + "): " + FailureReason.of(failure);
                    log.warn("no manifest of {} from {}", id.shortHex(), Printable.escape(why));
                    failed.accept(why);
                });
            }
            return Optional.empty();
        } catch (ExecutionException e) {
            throw new IllegalStateException("asking for a manifest failed unexpectedly", e.getCause());
        }
    }

    private Attempt ask(SourceEntry source) {
        PeerEntry peer = source.peer();
        SourceConnection connection = null;
        try {
            connection = SourceConnection.open(settings.transport(), peer, settings.handshakeLimit());
            open.add(connection);
            if (closed) {
                history.ended(source, SourceHistory.Outcome.PASSING, false);
                return new Attempt(source, Optional.empty(), Optional.empty());
            }
            Manifest manifest = connection.manifest(id, settings.handshakeLimit());
            history.delivered(source);
            return new Attempt(source, Optional.of(manifest), Optional.empty());
        } catch (IOException e) {
            record(source, e);
            return new Attempt(source, Optional.empty(), Optional.of(e));
        } finally {
            if (connection != null) {
                open.remove(connection);
                Swarm.close(connection);
            }
        }
    }

    private void record(SourceEntry source, IOException failure) {
        PeerEntry peer = source.peer();
        if (Bans.isALie(failure) || failure instanceof UnexpectedIdentityException) {
            // A manifest that does not hash to the id is a lie, or a peer too broken to use;
            // another node answering at a source's address is someone to stay away from.
            bans.ban(peer.id(), peer.name(), FailureReason.of(failure));
        }
        history.ended(source, SourceHistory.Outcome.of(failure), false);
    }

    /** Ends every attempt under way; {@link #run} then returns what it has. */
    @Override
    public void close() {
        closed = true;
        open.forEach(Swarm::close);
    }
}
