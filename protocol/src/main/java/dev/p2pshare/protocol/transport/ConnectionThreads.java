package dev.p2pshare.protocol.transport;

import java.lang.reflect.InvocationTargetException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one place the servers' and clients' threads come from: virtual threads for connections
 * when the runtime has them (Java 21 and later), daemon platform threads otherwise and for the
 * few long-lived loops and timers.
 *
 * <p>The code is compiled for Java 17, which has no virtual-thread API, so the Java 21 methods are
 * looked up reflectively once.
 */
public final class ConnectionThreads {

    private static final boolean VIRTUAL = Runtime.version().feature() >= 21;

    private ConnectionThreads() {
    }

    /** Whether this runtime gives each connection a virtual thread. */
    public static boolean virtual() {
        return VIRTUAL;
    }

    /**
     * An executor that runs each task on a new thread named {@code prefix} followed by a number.
     * Shut it down when done; its threads never keep the JVM alive.
     */
    public static ExecutorService perTask(String prefix) {
        return VIRTUAL ? virtualPerTask(prefix) : Executors.newCachedThreadPool(platformFactory(prefix));
    }

    /**
     * A scheduler running on one daemon platform thread named {@code name}, for periodic checks
     * that must not keep the JVM alive. Shut it down when done.
     */
    public static ScheduledExecutorService timer(String name) {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        });
        // Most tasks are deadlines that are cancelled long before they are due: drop them at once.
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    /** Starts {@code task} on a new daemon platform thread named {@code name}, for long-lived loops. */
    public static Thread startDaemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static ThreadFactory platformFactory(String prefix) {
        AtomicLong counter = new AtomicLong();
        return task -> {
            Thread thread = new Thread(task, prefix + counter.getAndIncrement());
            thread.setDaemon(true);
            return thread;
        };
    }

    private static ExecutorService virtualPerTask(String prefix) {
        try {
            Class<?> builderType = Class.forName("java.lang.Thread$Builder");
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            builder = builderType.getMethod("name", String.class, long.class).invoke(builder, prefix, 0L);
            ThreadFactory factory = (ThreadFactory) builderType.getMethod("factory").invoke(builder);
            return (ExecutorService) Executors.class.getMethod("newThreadPerTaskExecutor", ThreadFactory.class)
                    .invoke(null, factory);
        } catch (ClassNotFoundException | NoSuchMethodException | IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("Java " + Runtime.version().feature() + " lacks the virtual-thread API", e);
        }
    }
}
