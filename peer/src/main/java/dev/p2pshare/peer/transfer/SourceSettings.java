package dev.p2pshare.peer.transfer;

import dev.p2pshare.protocol.transport.Transport;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;

/**
 * How a download reaches its sources and how long it gives them: all that a {@link SourceWorker} and
 * a {@link ManifestRace} need besides the source itself.
 *
 * @param transport how sources are reached
 * @param handshakeLimit how long connecting to a source may take in all, handshakes included
 * @param stallLimit how long a source may deliver nothing before it is dropped
 * @param clock what the stall limit is measured on
 * @param timer where each source's stall limit is checked
 */
record SourceSettings(Transport transport, Duration handshakeLimit, Duration stallLimit, DownloadClock clock,
        ScheduledExecutorService timer) {

    SourceSettings {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(handshakeLimit, "handshakeLimit");
        Objects.requireNonNull(stallLimit, "stallLimit");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(timer, "timer");
        if (handshakeLimit.isNegative() || handshakeLimit.isZero() || stallLimit.isNegative() || stallLimit.isZero()) {
            throw new IllegalArgumentException("the handshake and stall limits must be positive");
        }
    }
}
