package dev.p2pshare.peer.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.p2pshare.peer.view.Json;
import dev.p2pshare.peer.view.StartedView;
import dev.p2pshare.protocol.NodeId;
import java.io.PrintWriter;

/**
 * What a peer prints once it is registered and serving: a line or three of text, or under
 * {@code --json} one {@code started} event. Scripts wait for either before they go on.
 */
final class StartBanner {

    private StartBanner() {
    }

    /** Prints {@code started} to {@code out}, as JSON if {@code json}, and flushes. */
    static void print(PrintWriter out, StartedView started, boolean json) throws JsonProcessingException {
        if (json) {
            out.println(Json.MAPPER.writeValueAsString(started));
        } else {
            out.printf("peer %s listening on %s, sharing %d %s (%s) through the tracker at %s%n", started.name(),
                    started.listening(), started.files(), started.files() == 1 ? "file" : "files",
                    Units.bytes(started.bytes()), started.tracker());
            out.printf("peer id %s%n", NodeId.of(started.peerId()).grouped());
            if (started.web() != null) {
                out.printf("web ui on %s%n", started.web());
            }
        }
        out.flush();
    }
}
