package dev.p2pshare.peer.lan;

import dev.p2pshare.protocol.NodeId;
import dev.p2pshare.tracker.LanAnnouncement;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Keeps the peers that found their tracker on the LAN on one network when two trackers appeared
 * at once (two peers that found none each hosting one, say). The rule: the tracker with the lowest
 * id wins. A peer moves to an announced tracker whose id is lower than its own tracker's when its
 * own is the one it hosts, or when its own is no longer announced (its host moved away and
 * withdrew it); it never leaves a tracker that is still announced and not its own. A hosting
 * peer that moves stops announcing its tracker, which goes on serving the peers still on it.
 *
 * <p>Watches an {@link AnnouncedTrackers}; thread-safe.
 */
public final class TrackerFollower implements Consumer<List<LanAnnouncement>> {

    private final Consumer<LanAnnouncement> moveTo;
    private NodeId current;
    private boolean hosting;

    /**
     * @param current the id of the tracker this peer uses now
     * @param hosting whether that tracker is the one this peer hosts
     * @param moveTo told of the tracker to move to, on the thread that heard of it
     */
    public TrackerFollower(NodeId current, boolean hosting, Consumer<LanAnnouncement> moveTo) {
        this.current = Objects.requireNonNull(current, "current");
        this.hosting = hosting;
        this.moveTo = Objects.requireNonNull(moveTo, "moveTo");
    }

    @Override
    public void accept(List<LanAnnouncement> announced) {
        LanAnnouncement target;
        synchronized (this) {
            List<LanAnnouncement> usable = TrackerChoice.usable(announced);
            if (usable.isEmpty() || !usable.get(0).idBefore(current)) {
                return;
            }
            boolean ownStillAnnounced = usable.stream().anyMatch(found -> found.id().equals(current));
            if (!hosting && ownStillAnnounced) {
                return;
            }
            target = usable.get(0);
            current = target.id();
            hosting = false;
        }
        moveTo.accept(target);
    }

    /** The id of the tracker this peer uses now, as far as the rule knows. */
    public synchronized NodeId current() {
        return current;
    }
}
