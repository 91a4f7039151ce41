package dev.p2pshare.peer.transfer;

import dev.p2pshare.peer.net.RateLimit;
import dev.p2pshare.protocol.transport.Transport;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;

/**
 * How a download reaches its sources, how long it gives them and how fast it takes chunks in: all
 * that a {@link SourceWorker} and a {@link ManifestRace} need besides the source itself.
 *
 * @param transport how sources are reached
 * @param handshakeLimit how long connecting to a source may take in all, handshakes included
 * @param stallLimit how long a source may deliver nothing before it is dropped
 * @param limit the rate the peer's downloads take chunks in at, shared by all their sources
 * @param clock what the stall limit is measured on
 * @param timer where each source's stall limit is checked
 */
record SourceSettings(Transport transport, Duration handshakeLimit, Duration stallLimit, RateLimit limit,
        DownloadClock clock, ScheduledExecutorService timer) {

    SourceSettings {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(handshakeLimit, "handshakeLimit");
        Objects.requireNonNull(stallLimit, "stallLimit");
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(timer, "timer");
        if (handshakeLimit.isNegative() || handshakeLimit.isZero() || stallLimit.isNegative() || stallLimit.isZero()) {
            throw new IllegalArgumentException("the handshake and stall limits must be positive");
        }
    }
}
