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

    /**
     * @param advice what to do after a failure, in the front end's words, appended to the reason
     */
    public static DownloadEndedView of(BackgroundDownloads.Ending ending, String advice) {
        String state = ending.result().isPresent() ? "done" : ending.paused() ? "paused" : "failed";
        return new DownloadEndedView(ending.download().id().hex(), ending.download().name(), state,
                ending.failure().map(reason -> reason + advice).orElse(null),
                ending.result().map(result -> result.file().getFileName().toString()).orElse(null));
    }
}
