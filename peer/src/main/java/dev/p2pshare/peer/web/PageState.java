package dev.p2pshare.peer.web;

import dev.p2pshare.peer.Peer;
import dev.p2pshare.peer.PeerConfig;
import dev.p2pshare.peer.folder.SharedFile;
import dev.p2pshare.protocol.NodeId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the page shows of the peer at a moment: its status, shared files, settings and running downloads. */
final class PageState {

    private PageState() {
    }

    /** The fields of the {@code state} the page receives every second, as {@code docs/WEB.md} lists them. */
    static Map<String, Object> of(Peer peer) {
        Map<String, Object> state = new LinkedHashMap<>(peer.status().fields());
        state.put("peerId", peer.id().hex());
        List<Map<String, Object>> files = new ArrayList<>();
        for (SharedFile file : peer.files()) {
            files.add(Map.of("id", file.id().hex(), "name", file.name(), "path", file.relativePath(),
                    "size", file.size()));
        }
        state.put("files", files);
        state.put("background", peer.background().running().stream()
                .map(download -> download.id().hex()).toList());
        PeerConfig config = peer.config();
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("tracker", config.tracker().toString());
        settings.put("pinnedTrackerId", config.trackerId().map(NodeId::hex).orElse(null));
        settings.put("name", config.name());
        settings.put("uploadLimit", config.uploadLimit());
        settings.put("heartbeatSeconds", config.heartbeat().toSeconds());
        settings.put("presenceNotices", config.presenceNotices());
        state.put("settings", settings);
        return state;
    }
}
