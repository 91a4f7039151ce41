package dev.p2pshare.peer.transfer;

import dev.p2pshare.protocol.FileId;
import dev.p2pshare.protocol.Manifest;
import dev.p2pshare.protocol.SourceEntry;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Getting a download's manifest: from the sources worth asking (not this peer, not banned, not
 * recently failed), several at once, the first that matches the file's id ({@link ManifestRace}).
 * Remembers why sources failed, each reason once, for the message of a download that gives up.
 */
final class ManifestFetch {

    private final DownloadContext context;
    private final FileId id;
    private final SourceHistory history;
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private volatile ManifestRace race;
    private volatile boolean closed;

    ManifestFetch(DownloadContext context, FileId id, SourceHistory history) {
        this.context = context;
        this.id = id;
        this.history = history;
    }

    /**
     * The manifest of the first source among {@code sources} that sends one matching the id.
     *
     * @param giveUpAt when to stop waiting (on the download's clock)
     * @return empty if no source is worth asking, none answered in time, or this was closed
     */
    Optional<Manifest> first(List<SourceEntry> sources, long giveUpAt) throws IOException {
        List<SourceEntry> candidates = sources.stream()
                .filter(source -> context.selfId().filter(source.peer().id()::equals).isEmpty())
                .filter(source -> !context.bans().isBanned(source.peer().id()))
                .filter(history::worthTrying)
                .toList();
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        ManifestRace running = new ManifestRace(id, context.sources(), context.workerThreads(), history,
                context.bans());
        race = running;
        if (closed) {
            running.close();
        }
        try {
            return running.run(candidates, failure -> {
                if (!failures.contains(failure)) {
                    failures.add(failure);
                }
            }, giveUpAt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            race = null;
        }
    }

    /** Why sources failed to give a manifest, each reason once, oldest first. */
    List<String> failures() {
        return List.copyOf(failures);
    }

    /** Stops the race under way, if any, and any later one at once. */
    void close() {
        closed = true;
        ManifestRace running = race;
        if (running != null) {
            running.close();
        }
    }
}
