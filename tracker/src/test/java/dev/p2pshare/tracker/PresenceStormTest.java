package dev.p2pshare.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.p2pshare.protocol.Message;
import dev.p2pshare.protocol.NodeId;
import java.io.Closeable;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A storm of joins and leaves costs each watching session a few notices and a summary, not a
 * notice per peer: past the threshold a join or leave queues nothing.
 */
@Timeout(60)
class PresenceStormTest {

    private static final int WATCHING = 2000;
    private static final InetAddress HOST = InetAddress.getLoopbackAddress();
    private static final Closeable NO_CONNECTION = () -> { };

    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final PeerRegistry registry = new PeerRegistry(clock, Duration.ofDays(1));
    private final Relay relay = new Relay(registry, clock);
    private final AtomicInteger serial = new AtomicInteger();

    @AfterEach
    void stop() {
        relay.close();
    }

    @Test
    void aStormOfJoinsAndLeavesReachesEachWatcherAsAFewNoticesAndSummaries() {
        List<Message> toProbe = new CopyOnWriteArrayList<>();
        AtomicInteger toOthers = new AtomicInteger();
        relay.subscribe(register(), toProbe::add, true, true, HOST, HOST);
        for (int i = 1; i < WATCHING; i++) {
            relay.subscribe(register(), message -> toOthers.incrementAndGet(), true, true, HOST, HOST);
        }
        registry.tellPresence(relay);
        clock.advance(PresenceGate.INTERVAL);

        List<RegisteredPeer> storm = IntStream.range(0, WATCHING).mapToObj(i -> register()).toList();
        storm.forEach(registry::remove);

        await().atMost(Duration.ofSeconds(30)).until(() -> told(toProbe, true) == WATCHING
                && told(toProbe, false) == WATCHING);
        long oneByOne = toProbe.stream().filter(notice -> !(notice instanceof Message.PresenceChanged)).count();
        assertThat(oneByOne).as("joins and leaves told one by one")
                .isLessThanOrEqualTo(PresenceGate.toldPerInterval(WATCHING));
        await().atMost(Duration.ofSeconds(30)).until(() -> toOthers.get() == (WATCHING - 1) * toProbe.size());
    }

    /** How many joins ({@code joined}) or leaves the notices in {@code notices} tell, one by one and in summaries. */
    private static int told(List<Message> notices, boolean joined) {
        int told = 0;
        for (Message notice : notices) {
            if (notice instanceof Message.PresenceChanged changed) {
                told += joined ? changed.joined() : changed.left();
            } else if (notice instanceof Message.PeerJoined ? joined : !joined) {
                told++;
            }
        }
        return told;
    }

    private RegisteredPeer register() {
        int n = serial.getAndIncrement();
        return registry.register(NodeId.of(String.format("%064x", n)), "peer-" + n, HOST, 7000, List.of(),
                NO_CONNECTION).peer();
    }
}
