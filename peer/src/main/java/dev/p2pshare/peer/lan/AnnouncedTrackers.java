package dev.p2pshare.peer.lan;

import dev.p2pshare.tracker.LanAnnouncement;
import dev.p2pshare.tracker.LanBrowser;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The trackers announced on the LAN now, by instance name, as a {@link TrackerDiscovery} tells
 * them; a tracker heard on several interfaces is one entry. Whoever watches is told of every
 * change with the new list. Thread-safe: the discovery's threads change it, any thread reads it.
 */
public final class AnnouncedTrackers implements LanBrowser.Listener {

    private final Map<String, LanAnnouncement> announced = new LinkedHashMap<>();
    private final Set<String> resolving = new HashSet<>();
    private final List<Consumer<List<LanAnnouncement>>> watchers = new CopyOnWriteArrayList<>();

    /** The trackers announced now, lowest id first. */
    public synchronized List<LanAnnouncement> now() {
        return announced.values().stream().sorted(Comparator.comparing(found -> found.id().hex())).toList();
    }

    /** Tells {@code watcher} the list after every change from now on, on the thread that made it. */
    public void watch(Consumer<List<LanAnnouncement>> watcher) {
        watchers.add(watcher);
    }

    /**
     * Waits until {@code enough} holds for the trackers announced, or {@code limit} has passed and
     * nothing heard of is still being resolved, or {@code limit} and {@code grace} have passed, and
     * returns those announced then.
     */
    public synchronized List<LanAnnouncement> awaitUntil(Duration limit, Duration grace,
            Predicate<List<LanAnnouncement>> enough) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        long lastChance = deadline + grace.toNanos();
        while (!enough.test(now())) {
            long left = (resolving.isEmpty() ? deadline : lastChance) - System.nanoTime();
            if (left <= 0) {
                break;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return now();
    }

    @Override
    public synchronized void heard(String name) {
        if (!announced.containsKey(name)) {
            resolving.add(name);
        }
    }

    @Override
    public void announced(LanAnnouncement announcement) {
        List<LanAnnouncement> changed;
        synchronized (this) {
            resolving.remove(announcement.name());
            if (announcement.equals(announced.put(announcement.name(), announcement))) {
                return;
            }
            changed = now();
            notifyAll();
        }
        watchers.forEach(watcher -> watcher.accept(changed));
    }

    @Override
    public void withdrawn(String name) {
        List<LanAnnouncement> changed;
        synchronized (this) {
            resolving.remove(name);
            if (announced.remove(name) == null) {
                return;
            }
            changed = now();
            notifyAll();
        }
        watchers.forEach(watcher -> watcher.accept(changed));
    }
}
