package dev.p2pshare.peer.transfer;

import dev.p2pshare.protocol.FileId;

/**
 * A download at one moment, for display.
 *
 * @param size the file's size, or -1 before its manifest arrived
 * @param sources how many sources it fetches from now
 * @param detail what it is doing, or why it stopped
 */
public record DownloadSnapshot(FileId id, String name, State state, long size, long bytesHave, int sources,
        String detail) {

    /** Where a download is in its life. */
    public enum State {
        /** Looking for the file and its manifest. */
        STARTING,
        /** Fetching from one or more sources. */
        RUNNING,
        /** No source has the chunks it lacks; asking the tracker again from time to time. */
        WAITING,
        /** Stopped by the user or by the peer shutting down; what it has is kept. */
        PAUSED,
        /** Complete, verified and in the folder. */
        DONE,
        /** Gave up; what it has is kept, and getting it again resumes it. */
        FAILED,
    }
}
