package dev.p2pshare.peer;

import dev.p2pshare.peer.net.RateLimit;

/**
 * How fast a running peer serves others and downloads, in bytes per second in all, each limit
 * changeable at any time: a change applies within a second to the transfers already running.
 * Thread-safe.
 */
public final class RateLimits {

    private final RateLimit upload;
    private final RateLimit download;

    RateLimits(RateLimit upload, RateLimit download) {
        this.upload = upload;
        this.download = download;
    }

    /** The most bytes per second served to other peers, in all; 0 for no limit. */
    public long upload() {
        return upload.bytesPerSecond();
    }

    /** The most bytes per second taken in by this peer's downloads, in all; 0 for no limit. */
    public long download() {
        return download.bytesPerSecond();
    }

    /** Serves other peers at most {@code bytesPerSecond} from now on; 0 for no limit. */
    public void limitUploads(long bytesPerSecond) {
        upload.change(bytesPerSecond);
    }

    /** Takes in at most {@code bytesPerSecond} for all downloads from now on; 0 for no limit. */
    public void limitDownloads(long bytesPerSecond) {
        download.change(bytesPerSecond);
    }
}
