package dev.p2pshare.peer.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** When a download gives up, on a clock moved by hand. */
@Timeout(10)
class PatienceTest {

    private final ManualClock clock = new ManualClock();
    /** A two-second source wait and a three-second stall limit. */
    private final Patience patience = new Patience(new Downloads.Settings(Duration.ofSeconds(2),
            Duration.ofSeconds(3)), clock);

    @Test
    void withNoSourceItGivesUpOnceTheSourceWaitHasPassed() {
        assertThat(patience.waitedForSourcesTooLong()).isFalse();
        clock.advance(Duration.ofMillis(1_999));
        assertThat(patience.waitedForSourcesTooLong()).isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(patience.waitedForSourcesTooLong()).isTrue();
    }

    @Test
    void aSourceFoundStartsTheSourceWaitAgain() {
        patience.waitedForSourcesTooLong();
        clock.advance(Duration.ofMillis(1_500));
        patience.sourceFound();
        assertThat(patience.waitedForSourcesTooLong()).isFalse();
        clock.advance(Duration.ofMillis(1_500));
        assertThat(patience.waitedForSourcesTooLong()).isFalse();
    }

    @Test
    void whateverTheSourcesDoItGivesUpWhenNothingCameForTheSourceWaitAndTheStallLimit() {
        clock.advance(Duration.ofSeconds(4));
        patience.progressed();
        assertThat(patience.manifestDeadline()).isEqualTo(clock.nanoTime() + Duration.ofSeconds(5).toNanos());
        clock.advance(Duration.ofMillis(4_999));
        assertThat(patience.nothingCameTooLong()).isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(patience.nothingCameTooLong()).isTrue();
    }

    @Test
    void aPauseLastsUntilItsTimeHasPassedOnTheClock() throws Exception {
        patience.waitedForSourcesTooLong();
        Thread pausing = new Thread(() -> pause(new Semaphore(0)));
        pausing.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> clock.waiting() == 1);
        // The first pause is a second, give or take a fifth.
        clock.advance(Duration.ofMillis(799));
        await().during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(1)).until(pausing::isAlive);
        clock.advance(Duration.ofMillis(401));
        pausing.join(Duration.ofSeconds(10).toMillis());
        assertThat(pausing.isAlive()).isFalse();
    }

    @Test
    void noPauseRunsPastTheMomentToGiveUp() throws Exception {
        patience.waitedForSourcesTooLong();
        clock.advance(Duration.ofSeconds(2));
        // The clock stands still: a pause of any length would never end.
        patience.pause(new Semaphore(0));
        assertThat(patience.waitedForSourcesTooLong()).isTrue();
    }

    @Test
    void aReleasedWakeupEndsThePauseAtOnce() throws Exception {
        Semaphore wakeup = new Semaphore(1);
        patience.waitedForSourcesTooLong();
        patience.pause(wakeup);
        assertThat(wakeup.availablePermits()).isZero();
    }

    private void pause(Semaphore wakeup) {
        try {
            patience.pause(wakeup);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
