package dev.p2pshare.peer.lan;

import dev.p2pshare.peer.net.TrackerAddress;
import dev.p2pshare.protocol.Message;
import dev.p2pshare.protocol.NodeId;
import dev.p2pshare.tracker.LanAnnouncement;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Which tracker a peer started without {@code --tracker} uses, from the trackers announced on
 * the LAN, in this order: a tracker it trusted before (its id is in known-trackers), the lowest
 * such id if several; else the only one announced, trusted on first use; else, with several new
 * ones, none (the user must choose); with none at all, one it hosts itself, if it may. An
 * announcement of another protocol version is left out. An announced address is a hint: the id
 * the tracker proves on connecting is checked as for an address typed with {@code --tracker}.
 */
public final class TrackerChoice {

    /** What the rules chose. */
    public sealed interface Choice {
    }

    /**
     * Register with {@code tracker}.
     *
     * @param trustedBefore whether its id was trusted before, rather than on first use now
     */
    public record Use(LanAnnouncement tracker, boolean trustedBefore) implements Choice {
    }

    /** Several trackers are announced, none trusted before: the user must choose one. */
    public record Several(List<LanAnnouncement> trackers) implements Choice {
        public Several {
            trackers = List.copyOf(trackers);
        }
    }

    /** None is announced: host one in this peer. */
    public record Host() implements Choice {
    }

    /** None is announced, and this peer may not host one. */
    public record NoneFound() implements Choice {
    }

    private TrackerChoice() {
    }

    /**
     * Applies the rules to {@code announced}.
     *
     * @param trusted whether an id was trusted before
     * @param mayHost whether this peer may host a tracker when none is announced
     */
    public static Choice choose(Collection<LanAnnouncement> announced, Predicate<NodeId> trusted, boolean mayHost) {
        List<LanAnnouncement> usable = usable(announced);
        Optional<LanAnnouncement> known = usable.stream().filter(found -> trusted.test(found.id())).findFirst();
        if (known.isPresent()) {
            return new Use(known.get(), true);
        }
        if (usable.size() == 1) {
            return new Use(usable.get(0), false);
        }
        if (usable.size() > 1) {
            return new Several(usable);
        }
        return mayHost ? new Host() : new NoneFound();
    }

    /** Whether {@code announced} holds a tracker trusted before: then there is no need to wait for more. */
    public static boolean holdsTrusted(Collection<LanAnnouncement> announced, Predicate<NodeId> trusted) {
        return usable(announced).stream().anyMatch(found -> trusted.test(found.id()));
    }

    /**
     * How the peer names {@code tracker}: its address with its id pinned if that id was trusted
     * before (it may have moved to another address), or its address alone, to trust on first use.
     */
    public static TrackerAddress addressOf(LanAnnouncement tracker, Predicate<NodeId> trusted) {
        return new TrackerAddress(tracker.endpoint(),
                trusted.test(tracker.id()) ? Optional.of(tracker.id()) : Optional.empty());
    }

    /** The announcements of this protocol version, lowest id first. */
    static List<LanAnnouncement> usable(Collection<LanAnnouncement> announced) {
        return announced.stream().filter(found -> found.version() == Message.VERSION)
                .sorted((a, b) -> a.id().hex().compareTo(b.id().hex())).toList();
    }
}
