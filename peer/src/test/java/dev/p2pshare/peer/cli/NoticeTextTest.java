package dev.p2pshare.peer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.p2pshare.peer.net.Notice;
import org.junit.jupiter.api.Test;

/** A summary of many joins and leaves reads as one line that says how many and where to look. */
class NoticeTextTest {

    @Test
    void aSummaryCountsTheJoinsAndLeavesAndPointsToTheList() {
        assertThat(NoticeText.line(new Notice.PresenceChanged(37, 5, 9964)))
                .isEqualTo("37 peers joined and 5 left in the last second (too many to list); 9964 online now, see: peers");
    }

    @Test
    void aSummaryOfOneKindNamesOnlyThatKindInTheRightNumber() {
        assertThat(NoticeText.line(new Notice.PresenceChanged(1, 0, 20)))
                .startsWith("1 peer joined in the last second");
        assertThat(NoticeText.line(new Notice.PresenceChanged(0, 12, 8)))
                .startsWith("12 peers left in the last second");
    }
}
