package dev.p2pshare.peer;

import dev.p2pshare.peer.net.SourceConnection;
import dev.p2pshare.peer.reference.Reference;
import dev.p2pshare.protocol.PeerEntry;
import dev.p2pshare.protocol.transport.Transport;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** How the peer is doing, and how well it reaches another peer. Thread-safe. */
public final class Diagnostics {

    /** What {@link #ping} measured. */
    public record PingResult(PeerEntry peer, Duration connecting, List<Duration> roundTrips) {

        public PingResult {
            roundTrips = List.copyOf(roundTrips);
        }
    }

    private final Transport transport;
    private final Messaging messaging;
    private final Supplier<PeerStatus> status;

    /**
     * @param status takes the peer's state now
     */
    Diagnostics(Transport transport, Messaging messaging, Supplier<PeerStatus> status) {
        this.transport = transport;
        this.messaging = messaging;
        this.status = status;
    }

    /**
     * Connects to the online peer {@code to} (named as a {@link Reference} reads it), which must
     * prove the id the tracker lists for it, and times {@code count} pings on that connection.
     */
    public PingResult ping(String to, int count) throws IOException, PeerException {
        PeerEntry peer = messaging.onlinePeer(to);
        long start = System.nanoTime();
        try (SourceConnection connection = SourceConnection.open(transport, peer)) {
            Duration connecting = Duration.ofNanos(System.nanoTime() - start);
            List<Duration> roundTrips = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                roundTrips.add(connection.ping());
            }
            return new PingResult(peer, connecting, roundTrips);
        }
    }

    /** The peer's state now: its tracker link, uploads, downloads and bans. */
    public PeerStatus status() {
        return status.get();
    }
}
