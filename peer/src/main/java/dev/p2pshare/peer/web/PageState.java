package dev.p2pshare.peer.web;

import dev.p2pshare.peer.Peer;
import dev.p2pshare.peer.PeerConfig;
import dev.p2pshare.peer.PeerStatus;
import dev.p2pshare.peer.view.Json;
import dev.p2pshare.peer.view.SharedFileView;
import dev.p2pshare.peer.view.StatusView;
import dev.p2pshare.protocol.NodeId;
import dev.p2pshare.protocol.transport.Endpoint;
import java.util.Map;

/** What the page shows of the peer at a moment: its status, shared files, settings and running downloads. */
final class PageState {

    /**
     * What the peer was started with, and its rate limits now, as the page shows them.
     *
     * @param tracker the tracker used now, of those the peer was given
     * @param pinnedTrackerId the id given with that tracker's address, or null if trusted on first use
     * @param uploadLimit bytes per second, 0 for none
     * @param downloadLimit bytes per second, 0 for none
     */
    record Settings(String tracker, String pinnedTrackerId, String name, long uploadLimit, long downloadLimit,
            long heartbeatSeconds, boolean presenceNotices) {
    }

    private PageState() {
    }

    /** The fields of the {@code state} the page receives every second, as {@code docs/WEB.md} lists them. */
    static Map<String, Object> of(Peer peer) {
        // The status as 'status' gives it, with this peer's own id even before the tracker knows it.
        PeerStatus status = peer.diagnostics().status();
        Map<String, Object> state = Json.fields(StatusView.of(status));
        state.put("peerId", peer.id().hex());
        state.put("files", peer.sharing().files().stream().map(SharedFileView::of).toList());
        state.put("background", peer.fetching().background().running().stream()
                .map(download -> download.id().hex()).toList());
        PeerConfig config = peer.config();
        Endpoint tracker = status.tracker().tracker();
        state.put("settings", new Settings(tracker.toString(), config.pinnedId(tracker).map(NodeId::hex).orElse(null),
                config.name(), peer.rateLimits().upload(), peer.rateLimits().download(), config.heartbeat().toSeconds(),
                config.presenceNotices()));
        return state;
    }
}
