package dev.p2pshare.peer.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.p2pshare.protocol.NodeId;
import dev.p2pshare.protocol.PeerEntry;
import dev.p2pshare.protocol.SourceEntry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** When a source is tried again in one download: once it has something new, or after a pause. */
class SourceHistoryTest {

    private static final PeerEntry PEER = new PeerEntry(NodeId.of("ab".repeat(32)), "mallory", "127.0.0.1", 4000, 1);

    private long now = 1_000_000_000L;
    private final SourceHistory history = new SourceHistory(() -> now);

    private static SourceEntry listed(int chunks) {
        return new SourceEntry(PEER, false, chunks);
    }

    private void advance(Duration duration) {
        now += duration.toNanos();
    }

    @Test
    void sourceNeverTriedIsWorthTrying() {
        assertThat(history.worthTrying(listed(3))).isTrue();
    }

    @Test
    void unproductiveSourceIsTriedAgainOnlyWhenListedWithMoreChunks() {
        history.ended(listed(3), SourceHistory.Outcome.UNPRODUCTIVE, false);
        advance(Duration.ofHours(1));

        assertThat(history.worthTrying(listed(3))).isFalse();
        assertThat(history.worthTrying(listed(2))).isFalse();
        assertThat(history.worthTrying(listed(4))).isTrue();
    }

    @Test
    void sourceThatFailedInPassingWaitsPausesThatDoubleUpToTheLongest() {
        long[] pauses = {1, 2, 4, 8, 16, 30, 30};
        for (long pause : pauses) {
            history.ended(listed(3), SourceHistory.Outcome.PASSING, false);
            advance(Duration.ofSeconds(pause).minusMillis(1));
            assertThat(history.worthTrying(listed(3))).as("before %d s", pause).isFalse();
            advance(Duration.ofMillis(1));
            assertThat(history.worthTrying(listed(3))).as("after %d s", pause).isTrue();
        }
    }

    @Test
    void sourceThatDeliveredBeforeFailingStartsItsPausesOver() {
        for (int i = 0; i < 4; i++) {
            history.ended(listed(3), SourceHistory.Outcome.PASSING, false);
        }
        history.ended(listed(3), SourceHistory.Outcome.PASSING, true);

        advance(SourceHistory.FIRST_PAUSE);
        assertThat(history.worthTrying(listed(3))).isTrue();
    }

    @Test
    void sourceBeingAskedForItsManifestIsNotTriedMeanwhile() {
        history.asking(listed(3));
        assertThat(history.worthTrying(listed(3))).isFalse();

        history.delivered(listed(3));
        assertThat(history.worthTrying(listed(3))).isTrue();
    }
}
