package dev.p2pshare.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.p2pshare.tracker.PresenceGate.Held;
import dev.p2pshare.tracker.PresenceGate.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Joins and leaves are told one by one up to the threshold of each interval, and counted past it. */
class PresenceGateTest {

    private static final int FEW_ONLINE = 10;

    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final PresenceGate gate = new PresenceGate(clock);

    @Test
    void belowTheThresholdEveryChangeIsToldAndNothingIsHeld() {
        for (int i = 0; i < PresenceGate.MOST_TOLD_PER_INTERVAL; i++) {
            assertThat(gate.change(i % 2 == 0, FEW_ONLINE)).isEqualTo(Verdict.TELL);
        }

        assertThat(gate.takeHeld()).isEmpty();
    }

    @Test
    void pastTheThresholdTheRestOfTheIntervalIsCountedAndTheFirstSetsASummaryGoing() {
        tellUpToTheThreshold();

        List<Verdict> past = new ArrayList<>();
        past.add(gate.change(true, FEW_ONLINE));
        past.add(gate.change(true, FEW_ONLINE));
        past.add(gate.change(false, FEW_ONLINE));
        clock.advance(PresenceGate.INTERVAL.minusMillis(1));
        past.add(gate.change(true, FEW_ONLINE));

        assertThat(past).containsExactly(Verdict.HOLD_FIRST, Verdict.HOLD, Verdict.HOLD, Verdict.HOLD);
        assertThat(gate.takeHeld()).contains(new Held(3, 1));
        assertThat(gate.takeHeld()).as("counted afresh after a summary").isEmpty();
    }

    @Test
    void theNextIntervalTellsOneByOneAgain() {
        tellUpToTheThreshold();
        assertThat(gate.change(false, FEW_ONLINE)).isEqualTo(Verdict.HOLD_FIRST);

        clock.advance(PresenceGate.INTERVAL);

        assertThat(gate.change(false, FEW_ONLINE)).isEqualTo(Verdict.TELL);
        assertThat(gate.takeHeld()).contains(new Held(0, 1));
    }

    @Test
    void aChangeHeldAfterASummaryIsTheFirstOfTheNext() {
        tellUpToTheThreshold();
        gate.change(true, FEW_ONLINE);
        gate.takeHeld();

        assertThat(gate.change(true, FEW_ONLINE)).isEqualTo(Verdict.HOLD_FIRST);
    }

    @Test
    void theMorePeersAreOnlineTheFewerChangesAreToldOneByOne() {
        assertThat(PresenceGate.toldPerInterval(0)).isEqualTo(PresenceGate.MOST_TOLD_PER_INTERVAL);
        assertThat(PresenceGate.toldPerInterval(500)).isEqualTo(20);
        assertThat(PresenceGate.toldPerInterval(1000)).isEqualTo(10);
        assertThat(PresenceGate.toldPerInterval(10_000)).isEqualTo(1);
        assertThat(PresenceGate.toldPerInterval(1_000_000)).as("at least one").isEqualTo(1);

        assertThat(gate.change(true, 10_000)).isEqualTo(Verdict.TELL);
        assertThat(gate.change(true, 10_001)).isEqualTo(Verdict.HOLD_FIRST);
    }

    @Test
    void anIntervalStartsWithTheFirstChangeAfterThePreviousEnded() {
        gate.change(true, FEW_ONLINE);
        clock.advance(Duration.ofMinutes(5));
        tellUpToTheThreshold();
        clock.advance(PresenceGate.INTERVAL.minusMillis(1));

        assertThat(gate.change(true, FEW_ONLINE)).as("still the interval the burst started").isEqualTo(Verdict.HOLD_FIRST);
    }

    private void tellUpToTheThreshold() {
        for (int i = 0; i < PresenceGate.MOST_TOLD_PER_INTERVAL; i++) {
            assertThat(gate.change(true, FEW_ONLINE)).isEqualTo(Verdict.TELL);
        }
    }
}
