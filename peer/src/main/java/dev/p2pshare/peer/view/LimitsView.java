package dev.p2pshare.peer.view;

import dev.p2pshare.peer.RateLimits;

/**
 * The peer's rate limits now, in bytes per second in all, 0 for none.
 *
 * @param uploadLimit the most served to other peers
 * @param downloadLimit the most taken in by this peer's downloads
 */
public record LimitsView(long uploadLimit, long downloadLimit) {

    public static LimitsView of(RateLimits limits) {
        return new LimitsView(limits.upload(), limits.download());
    }
}
