package dev.p2pshare.peer.transfer;

import dev.p2pshare.peer.folder.SharedFile;
import dev.p2pshare.peer.folder.StateDirectory;
import dev.p2pshare.peer.net.RateLimit;
import dev.p2pshare.peer.net.SourceConnection;
import dev.p2pshare.protocol.NodeId;
import dev.p2pshare.protocol.transport.Transport;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Everything a {@link DownloadJob} uses of the peer around it, handed in by {@link Downloads}, so
 * that a job's dependencies are its constructor's and nothing else.
 *
 * @param transport how sources are reached
 * @param state where part files are kept and the finished file is placed
 * @param partials the part files this peer serves chunks of while they download
 * @param finder asks the tracker where a file is
 * @param self this peer's id while registered, so that it is never its own source
 * @param bans the peers banned for sending bad chunks
 * @param settings the source wait and the stall limit
 * @param limit the rate all downloads together take chunks in at
 * @param workerThreads where connections to sources run
 * @param timer runs each download's housekeeping
 * @param stallTimer checks every source's stall limit, apart from housekeeping that may wait for the disk
 * @param announce tells the tracker which chunks of a file this peer has
 * @param publish shares a finished file
 * @param clock what the download's waits are measured on
 */
record DownloadContext(Transport transport, StateDirectory state, PartialFiles partials, SourceFinder finder,
        Supplier<Optional<NodeId>> self, Bans bans, Downloads.Settings settings, RateLimit limit,
        ExecutorService workerThreads, ScheduledExecutorService timer, ScheduledExecutorService stallTimer,
        Consumer<PartFile> announce, Consumer<SharedFile> publish, DownloadClock clock) {

    DownloadContext {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(partials, "partials");
        Objects.requireNonNull(finder, "finder");
        Objects.requireNonNull(self, "self");
        Objects.requireNonNull(bans, "bans");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(workerThreads, "workerThreads");
        Objects.requireNonNull(timer, "timer");
        Objects.requireNonNull(stallTimer, "stallTimer");
        Objects.requireNonNull(announce, "announce");
        Objects.requireNonNull(publish, "publish");
        Objects.requireNonNull(clock, "clock");
    }

    /** This peer's id now, if registered. */
    Optional<NodeId> selfId() {
        return self.get();
    }

    /**
     * How sources are reached, how long they are given and how fast chunks are taken in; connecting,
     * handshakes included, may take no longer than the stall limit.
     */
    SourceSettings sources() {
        Duration handshake = SourceConnection.HANDSHAKE_LIMIT;
        Duration stall = settings.stallLimit();
        return new SourceSettings(transport, handshake.compareTo(stall) < 0 ? handshake : stall, stall, limit, clock,
                stallTimer);
    }
}
