package dev.p2pshare.peer.view;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.p2pshare.peer.folder.SharedFile;

/**
 * A file this peer shares.
 *
 * @param path where it is in the folder, relative to it
 * @param sources how many other peers have it whole, when the tracker was asked
 * @param partial how many other peers have part of it, when the tracker was asked
 */
public record SharedFileView(String id, String name, String path, long size,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long sources,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long partial) {

    /** {@code file}, without what others have. */
    public static SharedFileView of(SharedFile file) {
        return new SharedFileView(file.id().hex(), file.name(), file.relativePath(), file.size(), null, null);
    }

    /** This file with how many other peers have it whole and in part. */
    public SharedFileView withOthers(long whole, long inPart) {
        return new SharedFileView(id, name, path, size, whole, inPart);
    }
}
