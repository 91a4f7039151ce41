package dev.p2pshare.peer;

import dev.p2pshare.peer.net.Notice;
import dev.p2pshare.peer.net.TrackerAddress;
import dev.p2pshare.peer.transfer.DownloadException;
import dev.p2pshare.protocol.FileId;
import dev.p2pshare.protocol.NodeId;
import dev.p2pshare.protocol.PeerEntry;
import dev.p2pshare.protocol.SearchHit;
import dev.p2pshare.protocol.SourceEntry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A peer in the test's JVM that uses one tracker instance of a cluster and no other: it asks that
 * instance what the network looks like, and records every notice of who joined and left that the
 * instance sends it. The caller closes it.
 */
final class ClusterProbe implements AutoCloseable {

    /**
     * What one instance answers: the peers online, the files a search finds, and where each of
     * those files is, as sets, so that two instances' answers compare whatever their order.
     */
    record View(Set<PeerEntry> peers, Set<SearchHit> hits, Map<FileId, Set<SourceEntry>> sources) {

        /** The ids of {@link #peers}. */
        Set<NodeId> peerIds() {
            return Set.copyOf(peers.stream().map(PeerEntry::id).toList());
        }
    }

    private final Peer peer;
    private final List<Notice> notices = new CopyOnWriteArrayList<>();
    private final PeerNotices.Listening listening;

    private ClusterProbe(Peer peer) {
        this.peer = peer;
        this.listening = peer.messaging().notices().listen(notices::add);
    }

    /** Starts a peer called {@code name} on {@code folder} that registers with {@code instance} alone. */
    static ClusterProbe start(Path folder, String name, TrackerAddress instance) throws IOException, PeerException {
        return new ClusterProbe(Peer.start(new PeerConfig(folder, List.of(instance), 0, name, Duration.ofSeconds(1),
                Duration.ofSeconds(2), Duration.ofSeconds(30), 0, 0, true), bytes -> { }));
    }

    NodeId id() {
        return peer.id();
    }

    /**
     * Asks the instance for the peers online, searches it for {@code query}, and locates each file found.
     *
     * @throws DownloadException if a file the search found cannot be located any more
     */
    View view(String query) throws IOException, DownloadException {
        Set<PeerEntry> peers = Set.copyOf(peer.messaging().peers().peers());
        List<SearchHit> hits = peer.fetching().search(query).hits();
        Map<FileId, Set<SourceEntry>> sources = new HashMap<>();
        for (SearchHit hit : hits) {
            sources.put(hit.id(), Set.copyOf(peer.fetching().resolve(hit.id().hex(), List.of()).located().sources()));
        }
        return new View(peers, Set.copyOf(hits), Map.copyOf(sources));
    }

    /** Shares a copy of {@code file}, announcing it to the instance. */
    void share(Path file) throws IOException, PeerException {
        peer.sharing().share(file);
    }

    /** Every notice saying that peers left, in the order they came: each {@code peer-left}, and summaries counting some. */
    List<Notice> departures() {
        return notices.stream().filter(notice -> notice instanceof Notice.PeerLeft
                || notice instanceof Notice.PresenceChanged changed && changed.left() > 0).toList();
    }

    @Override
    public void close() {
        listening.close();
        peer.close();
    }
}
