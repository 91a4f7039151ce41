package dev.p2pshare.peer.transfer;

import dev.p2pshare.protocol.FileEntry;

/** Hears how a download goes, for progress display. Called from the downloading thread. */
public interface DownloadListener {

    /** A listener that ignores everything. */
    DownloadListener NONE = new DownloadListener() {
    };

    /** The download of {@code file} starts with {@code sources} peers to fetch from. */
    default void started(FileEntry file, int sources) {
    }

    /** {@code bytesDone} of the file's bytes are verified and written. */
    default void progressed(long bytesDone) {
    }

    /** The download ended, successfully or not. */
    default void finished() {
    }
}
