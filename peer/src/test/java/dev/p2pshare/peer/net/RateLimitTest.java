package dev.p2pshare.peer.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The rate limit on its own: what it lets through, and a change reaching callers already waiting. */
@Timeout(30)
class RateLimitTest {

    private static final int MIB = 1024 * 1024;

    @Test
    void anUnlimitedLimitNeverWaits() throws Exception {
        RateLimit limit = RateLimit.unlimited();
        for (int i = 0; i < 1000; i++) {
            assertThat(limit.acquire(MIB, Duration.ZERO)).isTrue();
        }
        assertThat(limit.bytesPerSecond()).isZero();
    }

    @Test
    void bytesPassAtTheRate() throws Exception {
        RateLimit limit = RateLimit.of(10L * MIB);
        long start = System.nanoTime();
        for (int i = 0; i < 6; i++) {
            limit.acquire(MIB);
        }
        // The first chunk goes at once and each of the other five waits a tenth of a second.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(450), Duration.ofMillis(1500));
    }

    @Test
    void aCallerThatRunsOutOfPatienceTakesNothing() throws Exception {
        RateLimit limit = RateLimit.of(10 * 1024);
        assertThat(limit.acquire(2048, Duration.ZERO)).isTrue();
        // A fifth of a second owed: each of these gives up, and must leave the debt as it was.
        assertThat(limit.acquire(4096, Duration.ofMillis(20))).isFalse();
        assertThat(limit.acquire(4096, Duration.ofMillis(20))).isFalse();
        // Had they taken their 8 KiB, the next byte would wait a second, not at most a fifth of one.
        assertThat(limit.acquire(1, Duration.ofMillis(500))).isTrue();
    }

    @Test
    void liftingTheLimitFreesACallerAlreadyWaiting() throws Exception {
        RateLimit limit = RateLimit.of(1024);
        limit.acquire(MIB);
        CompletableFuture<Void> waiting = acquireLater(limit, 1);
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(1)).until(() -> !waiting.isDone());

        limit.change(0);

        waiting.get(1, TimeUnit.SECONDS);
        assertThat(limit.bytesPerSecond()).isZero();
    }

    @Test
    void raisingTheLimitPaysWhatIsOwedAtTheNewRateFromThenOn() throws Exception {
        RateLimit limit = RateLimit.of(1024);
        limit.acquire(MIB);
        CompletableFuture<Void> waiting = acquireLater(limit, MIB);
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(1)).until(() -> !waiting.isDone());

        long changed = System.nanoTime();
        limit.change(10L * MIB);

        waiting.get(1, TimeUnit.SECONDS);
        // The mebibyte owed at 1 KiB/s would take 17 minutes; at 10 MiB/s it is a tenth of a second.
        assertThat(Duration.ofNanos(System.nanoTime() - changed)).isLessThan(Duration.ofMillis(600));
    }

    @Test
    void loweringTheLimitSlowsWhatIsStillOwed() throws Exception {
        // A tenth of a second owed at the old rate, so that a pause of the test thread cannot pay it off first.
        RateLimit limit = RateLimit.of(10L * MIB);
        limit.acquire(MIB);
        limit.change(1024);
        assertThat(limit.acquire(1, Duration.ofMillis(100))).isFalse();
        assertThat(limit.bytesPerSecond()).isEqualTo(1024);
    }

    @Test
    void negativeRatesAreRefused() {
        assertThatThrownBy(() -> RateLimit.of(-1)).isInstanceOf(IllegalArgumentException.class);
        RateLimit limit = RateLimit.of(5);
        assertThatThrownBy(() -> limit.change(-5)).isInstanceOf(IllegalArgumentException.class);
        assertThat(limit.bytesPerSecond()).isEqualTo(5);
    }

    private static CompletableFuture<Void> acquireLater(RateLimit limit, int bytes) {
        return CompletableFuture.runAsync(() -> {
            try {
                limit.acquire(bytes);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CompletionException(e);
            }
        });
    }
}
