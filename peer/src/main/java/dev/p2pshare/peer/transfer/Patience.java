package dev.p2pshare.peer.transfer;

import dev.p2pshare.peer.net.Backoff;
import java.time.Duration;
import java.util.concurrent.Semaphore;

/**
 * How long a download keeps trying, measured on its clock. With no source that may deliver, it
 * waits up to the source wait, asking the tracker again with growing pauses; and whatever its
 * sources do, it gives up when nothing came for the source wait and the stall limit together. A
 * download's manifest and each verified chunk count as something coming.
 *
 * <p>The download's own thread asks and waits; any thread may say that something came.
 */
final class Patience {

    private static final Duration FIRST_PAUSE = Duration.ofSeconds(1);
    private static final Duration LAST_PAUSE = Duration.ofSeconds(5);

    private final Downloads.Settings settings;
    private final DownloadClock clock;
    private final Backoff pauses = new Backoff(FIRST_PAUSE, LAST_PAUSE);
    private volatile long lastProgressNanos;
    /** Whether no source may deliver, and since when, on the clock. */
    private boolean waiting;
    private long waitingSince;

    Patience(Downloads.Settings settings, DownloadClock clock) {
        this.settings = settings;
        this.clock = clock;
        this.lastProgressNanos = clock.nanoTime();
    }

    /** Something came: the manifest, or a verified chunk. */
    void progressed() {
        lastProgressNanos = clock.nanoTime();
    }

    /** A source may deliver: the wait for one, and its pauses, start again from nothing. */
    void sourceFound() {
        waiting = false;
        pauses.reset();
    }

    /**
     * No source may deliver: starts the wait for one unless it runs already, and says whether it has
     * lasted the source wait.
     */
    boolean waitedForSourcesTooLong() {
        long now = clock.nanoTime();
        if (!waiting) {
            waiting = true;
            waitingSince = now;
        }
        return now - waitingSince >= settings.sourceWait().toNanos();
    }

    /** Whether nothing came for the source wait and the stall limit together. */
    boolean nothingCameTooLong() {
        return clock.nanoTime() - givingUpAt() >= 0;
    }

    /** When, on the clock, a download still waiting for its first manifest stops waiting for it. */
    long manifestDeadline() {
        return givingUpAt();
    }

    /**
     * Pauses before asking the tracker again, each pause longer than the last up to a bound, but never
     * past the moment the download is to give up; less if {@code wakeup} is released meanwhile.
     */
    void pause(Semaphore wakeup) throws InterruptedException {
        long now = clock.nanoTime();
        long untilGivingUp = givingUpAt() - now;
        if (waiting) {
            untilGivingUp = Math.min(untilGivingUp, waitingSince + settings.sourceWait().toNanos() - now);
        }
        long pause = Math.min(pauses.nextWait().toNanos(), Math.max(0, untilGivingUp));
        clock.await(wakeup, Duration.ofNanos(pause));
    }

    /** When, on the clock, nothing will have come for too long, unless something comes first. */
    private long givingUpAt() {
        return lastProgressNanos + nothingCameLimit().toNanos();
    }

    Duration sourceWait() {
        return settings.sourceWait();
    }

    /** The source wait and the stall limit together: the longest a download goes with nothing coming. */
    Duration nothingCameLimit() {
        return settings.sourceWait().plus(settings.stallLimit());
    }
}
