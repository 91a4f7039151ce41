package dev.p2pshare.peer.transfer;

import java.io.IOException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A running download's housekeeping, off the path of its chunks: every {@value #EVERY_MILLIS} ms
 * it records which chunks the part file has, and every {@value #SYNC_EVERY} times it forces the
 * file to disk and tells the tracker. A download that cannot record what it has must not go on as
 * if it could (a crash would lose it all, and the disk is most likely full): the swarm is failed
 * with the cause.
 */
final class Checkpoints implements AutoCloseable {

    static final long EVERY_MILLIS = 250;
    static final int SYNC_EVERY = 8;

    private final PartFile part;
    private final Swarm swarm;
    private final Consumer<PartFile> announce;
    private final ScheduledFuture<?> task;
    private int count;

    private Checkpoints(PartFile part, Swarm swarm, Consumer<PartFile> announce, ScheduledExecutorService timer) {
        this.part = part;
        this.swarm = swarm;
        this.announce = announce;
        this.task = timer.scheduleWithFixedDelay(this::checkpoint, EVERY_MILLIS, EVERY_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * Starts recording {@code part}'s progress on {@code timer} while {@code swarm} fills it.
     *
     * @param announce tells the tracker which chunks the part file has
     */
    static Checkpoints start(PartFile part, Swarm swarm, Consumer<PartFile> announce, ScheduledExecutorService timer) {
        return new Checkpoints(part, swarm, announce, timer);
    }

    private void checkpoint() {
        try {
            if (++count % SYNC_EVERY == 0) {
                part.sync();
                announce.accept(part);
            } else {
                part.checkpoint();
            }
        } catch (IOException e) {
            swarm.failLocally(new LocalWriteException(e));
        }
    }

    /** Stops; a checkpoint under way finishes. */
    @Override
    public void close() {
        task.cancel(false);
    }
}
