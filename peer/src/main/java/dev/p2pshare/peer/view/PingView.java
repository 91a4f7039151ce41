package dev.p2pshare.peer.view;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.p2pshare.peer.Diagnostics;
import java.time.Duration;
import java.util.List;

/**
 * What a ping measured, in milliseconds with fractions.
 *
 * @param peer the name of the peer pinged
 * @param address where it was reached, {@code HOST:PORT}; shown as text, not sent as JSON
 */
public record PingView(String peer, String peerId, @JsonIgnore String address, double connectMillis,
        List<Double> roundTripMillis) {

    public PingView {
        roundTripMillis = List.copyOf(roundTripMillis);
    }

    public static PingView of(Diagnostics.PingResult result) {
        return new PingView(result.peer().name(), result.peer().id().hex(),
                result.peer().host() + ":" + result.peer().port(), millis(result.connecting()),
                result.roundTrips().stream().map(PingView::millis).toList());
    }

    /** {@code duration} in milliseconds, fractions kept. */
    private static double millis(Duration duration) {
        return duration.toNanos() / 1e6;
    }
}
