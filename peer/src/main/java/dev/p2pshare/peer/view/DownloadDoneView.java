package dev.p2pshare.peer.view;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.p2pshare.peer.transfer.DownloadResult;
import java.util.List;

/**
 * A download that finished, verified and in place; the transfer's figures are absent when the
 * file was shared already and nothing moved.
 *
 * @param file where it is now
 * @param seconds how long the transfer took
 * @param sources the names of the peers it came from
 * @param resumedBytes how much an earlier, paused download had fetched
 * @param fetchedBytes how much this download fetched; shown as text, not sent as JSON
 */
public record DownloadDoneView(String id, String file, boolean alreadyShared, @JsonInclude(JsonInclude.Include.NON_NULL) Long size, @JsonInclude(JsonInclude.Include.NON_NULL) Double seconds,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long bytesPerSecond, @JsonInclude(JsonInclude.Include.NON_NULL) List<String> sources, @JsonInclude(JsonInclude.Include.NON_NULL) Long resumedBytes,
        @JsonIgnore Long fetchedBytes) {

    public static DownloadDoneView of(DownloadResult result) {
        if (result.alreadyShared()) {
            return new DownloadDoneView(result.id().hex(), result.file().toString(), true, null, null, null, null,
                    null, null);
        }
        return new DownloadDoneView(result.id().hex(), result.file().toString(), false, result.size(),
                result.elapsed().toMillis() / 1000.0, Math.round(result.bytesPerSecond()), List.copyOf(result.sources()),
                result.bytesBefore(), result.fetchedBytes());
    }
}
