package dev.p2pshare.peer;

import dev.p2pshare.peer.net.ServingStats;
import dev.p2pshare.peer.net.TrackerLink;
import dev.p2pshare.peer.transfer.Bans;
import dev.p2pshare.peer.transfer.DownloadJob;
import dev.p2pshare.protocol.NodeId;
import dev.p2pshare.protocol.transport.Endpoint;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A peer's state, as the {@code status} command shows it.
 *
 * @param downloads this session's downloads and those it resumed, oldest first
 * @param bans the peers banned for sending bad chunks
 */
public record PeerStatus(String name, Endpoint serving, Path folder, int sharedFiles, long sharedBytes,
        TrackerLink.Status tracker, ServingStats.Snapshot uploads, List<DownloadJob.Snapshot> downloads,
        List<Bans.Ban> bans) {

    public PeerStatus {
        downloads = List.copyOf(downloads);
        bans = List.copyOf(bans);
    }

    /** The status as the fields of a JSON object, as {@code status --json} and the web page give it. */
    public Map<String, Object> fields() {
        TrackerLink.Status tracker = tracker();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("name", name());
        fields.put("peerId", tracker.peerId().map(NodeId::hex).orElse(null));
        fields.put("serving", serving().toString());
        fields.put("folder", folder().toString());
        fields.put("sharedFiles", sharedFiles());
        fields.put("sharedBytes", sharedBytes());
        Map<String, Object> link = new LinkedHashMap<>();
        link.put("address", tracker.tracker().toString());
        link.put("connected", tracker.connected());
        link.put("seenAs", tracker.host().orElse(null));
        link.put("lastError", tracker.lastError().orElse(null));
        fields.put("tracker", link);
        fields.put("uploads", Map.of("connections", uploads().activeConnections(), "bytes",
                uploads().bytes(), "chunks", uploads().chunks()));
        List<Map<String, Object>> downloads = new ArrayList<>();
        for (DownloadJob.Snapshot download : downloads()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("id", download.id().hex());
            one.put("name", download.name());
            one.put("state", download.state().name().toLowerCase(Locale.ROOT));
            one.put("size", download.size());
            one.put("bytesHave", download.bytesHave());
            one.put("sources", download.sources());
            one.put("detail", download.detail());
            downloads.add(one);
        }
        fields.put("downloads", downloads);
        List<Map<String, Object>> bans = new ArrayList<>();
        for (Bans.Ban ban : bans()) {
            bans.add(Map.of("name", ban.name(), "peerId", ban.peer().hex(), "reason", ban.reason()));
        }
        fields.put("bans", bans);
        return fields;
    }
}
