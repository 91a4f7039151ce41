package dev.p2pshare.peer.view;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.p2pshare.peer.PeerStatus;
import dev.p2pshare.peer.transfer.DownloadSnapshot;
import dev.p2pshare.protocol.NodeId;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A peer's state, as {@code status} and the web page show it.
 *
 * @param peerId the id the tracker knows this peer by, or null before it first registered
 * @param serving where it serves chunks, {@code HOST:PORT}
 */
public record StatusView(String name, String peerId, String serving, String folder, int sharedFiles, long sharedBytes,
        Tracker tracker, Uploads uploads, List<Download> downloads, List<Ban> bans) {

    /**
     * The link to the tracker.
     *
     * @param seenAs the address the tracker sees this peer at, or null
     * @param lastError why the last attempt to reach it failed, or null
     * @param since when this link to it was made, or null; shown as text, not sent as JSON
     */
    public record Tracker(String address, boolean connected, String seenAs, String lastError,
            @JsonIgnore Instant since) {
    }

    /** What this peer has served. */
    public record Uploads(int connections, long bytes, long chunks) {
    }

    /**
     * One download of this session, or one it resumed.
     *
     * @param state {@code running}, {@code done}, {@code paused} or {@code failed}
     * @param size its size, or -1 before its manifest arrived
     * @param detail what it is doing or why it stopped, or null
     */
    public record Download(String id, String name, String state, long size, long bytesHave, int sources,
            String detail) {
    }

    /** A peer banned for sending bad chunks. */
    public record Ban(String name, String peerId, String reason) {
    }

    public StatusView {
        downloads = List.copyOf(downloads);
        bans = List.copyOf(bans);
    }

    public static StatusView of(PeerStatus status) {
        var link = status.tracker();
        return new StatusView(status.name(), link.peerId().map(NodeId::hex).orElse(null), status.serving().toString(),
                status.folder().toString(), status.sharedFiles(), status.sharedBytes(),
                new Tracker(link.tracker().toString(), link.connected(), link.host().orElse(null),
                        link.lastError().orElse(null), link.since().orElse(null)),
                new Uploads(status.uploads().activeConnections(), status.uploads().bytes(), status.uploads().chunks()),
                status.downloads().stream().map(StatusView::download).toList(),
                status.bans().stream().map(ban -> new Ban(ban.name(), ban.peer().hex(), ban.reason())).toList());
    }

    private static Download download(DownloadSnapshot download) {
        return new Download(download.id().hex(), download.name(), download.state().name().toLowerCase(Locale.ROOT),
                download.size(), download.bytesHave(), download.sources(), download.detail());
    }
}
