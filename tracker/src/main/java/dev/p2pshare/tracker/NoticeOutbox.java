package dev.p2pshare.tracker;

import dev.p2pshare.protocol.Message;
import dev.p2pshare.protocol.MessageCodec;
import dev.p2pshare.protocol.Printable;
import dev.p2pshare.protocol.transport.ServerConversation;
import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notices waiting to be pushed to one subscribed session. Whoever adds one never waits for
 * the session: a thread of the delivery executor pushes them, one session's notices in order,
 * and ends when none are left. A session that does not read holds only its own thread and fills
 * only its own queue; past {@value #CAPACITY} waiting notices, new ones for it are dropped.
 */
final class NoticeOutbox {

    private static final Logger log = LoggerFactory.getLogger(NoticeOutbox.class);

    /** How many notices wait for one session at most. */
    static final int CAPACITY = 256;

    private final String owner;
    private final ServerConversation.Pusher pusher;
    private final Executor deliveries;
    private final BlockingQueue<Message> waiting = new ArrayBlockingQueue<>(CAPACITY);
    private final AtomicBoolean delivering = new AtomicBoolean();
    private volatile boolean broken;

    /**
     * @param owner the session's peer, as logs name it
     * @param deliveries where the thread that pushes comes from
     */
    NoticeOutbox(String owner, ServerConversation.Pusher pusher, Executor deliveries) {
        this.owner = owner;
        this.pusher = pusher;
        this.deliveries = deliveries;
    }

    /**
     * Queues {@code notice} for the session and makes sure it is being delivered.
     *
     * @return false if it was dropped: the session's queue is full, or its connection failed
     */
    boolean offer(Message notice) {
        if (broken || !waiting.offer(notice)) {
            log.debug("dropped a '{}' notice for {}: it is not reading", MessageCodec.typeName(notice.getClass()), owner);
            return false;
        }
        if (delivering.compareAndSet(false, true)) {
            try {
                deliveries.execute(this::deliver);
            } catch (RejectedExecutionException stopping) {
                // The tracker is stopping; the session goes with it.
                delivering.set(false);
                return false;
            }
        }
        return true;
    }

    private void deliver() {
        while (true) {
            Message next;
            while ((next = waiting.poll()) != null) {
                try {
                    pusher.push(next);
                } catch (IOException e) {
                    // The session's own thread notices the failed connection and ends the session.
                    broken = true;
                    waiting.clear();
                    log.debug("stopped pushing notices to {}: {}", owner, Printable.escape(e));
                    return;
                }
            }
            delivering.set(false);
            // A notice queued after the last poll but before the flag was cleared found it set.
            if (waiting.isEmpty() || !delivering.compareAndSet(false, true)) {
                return;
            }
        }
    }
}
