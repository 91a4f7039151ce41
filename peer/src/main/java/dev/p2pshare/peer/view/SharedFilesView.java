package dev.p2pshare.peer.view;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The files this peer shares, with their number and total size where the answer counts them.
 *
 * @param count how many, or null where not counted
 * @param bytes their total size, or null where not counted
 */
public record SharedFilesView(List<SharedFileView> files,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer count,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long bytes) {

    public SharedFilesView {
        files = List.copyOf(files);
    }

    /** {@code files} with their count and total size. */
    public static SharedFilesView counted(List<SharedFileView> files) {
        return new SharedFilesView(files, files.size(), files.stream().mapToLong(SharedFileView::size).sum());
    }

    /** {@code files} alone. */
    public static SharedFilesView uncounted(List<SharedFileView> files) {
        return new SharedFilesView(files, null, null);
    }
}
