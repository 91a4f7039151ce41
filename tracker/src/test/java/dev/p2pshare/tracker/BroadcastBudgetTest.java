package dev.p2pshare.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.p2pshare.protocol.ErrorCode;
import dev.p2pshare.protocol.NodeId;
import dev.p2pshare.protocol.ProtocolException;
import java.io.Closeable;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Broadcasts from all peers together fan out at most the network-wide budget, each costing a
 * notice per other peer online, however many peers share the sending.
 */
class BroadcastBudgetTest {

    /** Enough peers that the budget, not the senders' own allowances, runs out first. */
    private static final int ONLINE = 2001;

    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final PeerRegistry registry = new PeerRegistry(clock, Duration.ofDays(1));
    private final Relay relay = new Relay(registry, clock);
    private final List<RegisteredPeer> peers = new ArrayList<>();

    BroadcastBudgetTest() {
        Closeable noConnection = () -> { };
        for (int n = 0; n < ONLINE; n++) {
            peers.add(registry.register(NodeId.of(String.format("%064x", n)), "peer-" + n,
                    InetAddress.getLoopbackAddress(), 7000, List.of(), noConnection).peer());
        }
    }

    @AfterEach
    void stop() {
        relay.close();
    }

    @Test
    void broadcastsPastTheNetworkBudgetAreRefusedAsBusyUntilItRefills() throws ProtocolException {
        int perBurst = BroadcastBudget.BURST / (ONLINE - 1);
        for (int i = 0; i < perBurst; i++) {
            relay.broadcast(peers.get(i), "hello " + i);
        }

        assertThatThrownBy(() -> relay.broadcast(peers.get(perBurst), "one too many"))
                .isInstanceOfSatisfying(ProtocolException.class, refusal -> {
                    assertThat(refusal.code()).isEqualTo(ErrorCode.LIMIT_EXCEEDED);
                    assertThat(refusal.getMessage()).contains("the network is busy");
                });

        clock.advance(Duration.ofSeconds(1));
        int perSecond = BroadcastBudget.PER_SECOND / (ONLINE - 1);
        for (int i = 0; i < perSecond; i++) {
            relay.broadcast(peers.get(ONLINE - 1 - i), "later " + i);
        }
        assertThatThrownBy(() -> relay.broadcast(peers.get(perBurst + 1), "and no more"))
                .isInstanceOfSatisfying(ProtocolException.class, refusal -> assertThat(refusal.code())
                        .isEqualTo(ErrorCode.LIMIT_EXCEEDED));
    }

    @Test
    void aBroadcastToMorePeersThanTheBurstCostsTheWholeBurst() {
        BroadcastBudget budget = new BroadcastBudget(clock);

        assertThat(budget.take(3 * BroadcastBudget.BURST)).isTrue();
        assertThat(budget.take(1)).isFalse();

        clock.advance(Duration.ofMillis(1000L * BroadcastBudget.BURST / BroadcastBudget.PER_SECOND));
        assertThat(budget.take(3 * BroadcastBudget.BURST)).isTrue();
    }
}
