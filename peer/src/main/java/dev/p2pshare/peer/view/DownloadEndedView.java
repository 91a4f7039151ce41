package dev.p2pshare.peer.view;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.p2pshare.peer.BackgroundDownloads;

/**
 * How a background download ended, as the web page is told.
 *
 * @param state {@code done}, {@code paused} or {@code failed}
 * @param detail why it failed, or null
 * @param file the name of the file in the folder, when done
 */
public record DownloadEndedView(String id, String name, String state, String detail,
        @JsonInclude(JsonInclude.Include.NON_NULL) String file) {

    public static DownloadEndedView of(BackgroundDownloads.Ending ending) {
        String state = ending.result().isPresent() ? "done" : ending.paused() ? "paused" : "failed";
        return new DownloadEndedView(ending.download().id().hex(), ending.download().name(), state,
                ending.failure().orElse(null),
                ending.result().map(result -> result.file().getFileName().toString()).orElse(null));
    }
}
