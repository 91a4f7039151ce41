package dev.p2pshare.peer.transfer;

import dev.p2pshare.protocol.Printable;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a source's connection when it has delivered nothing for too long. A read timeout alone
 * does not catch a source that sends a byte now and then; this measures progress in verified
 * chunks instead. Close it when done with the source.
 */
final class StallWatchdog implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StallWatchdog.class);

    private final Closeable connection;
    private final DownloadClock clock;
    private final long limitNanos;
    private final ScheduledFuture<?> check;
    private volatile long lastProgress;
    private volatile boolean fired;

    /**
     * Watches {@code connection}, which is closed if {@link #progressed} is not called for {@code limit}
     * on {@code clock}, checking on {@code timer}.
     */
    StallWatchdog(Closeable connection, Duration limit, DownloadClock clock, ScheduledExecutorService timer) {
        this.connection = connection;
        this.clock = clock;
        this.limitNanos = limit.toNanos();
        this.lastProgress = clock.nanoTime();
        long period = Math.max(limit.toMillis() / 4, 10);
        this.check = timer.scheduleAtFixedRate(this::check, period, period, TimeUnit.MILLISECONDS);
    }

    /** The source just delivered something worth having. */
    void progressed() {
        lastProgress = clock.nanoTime();
    }

    /** Whether the watchdog closed the connection. */
    boolean fired() {
        return fired;
    }

    private void check() {
        if (fired || clock.nanoTime() - lastProgress < limitNanos) {
            return;
        }
        fired = true;
        try {
            connection.close();
        } catch (IOException e) {
            log.debug("closing a stalled source failed: {}", Printable.escape(e));
        }
    }

    @Override
    public void close() {
        check.cancel(false);
    }
}
