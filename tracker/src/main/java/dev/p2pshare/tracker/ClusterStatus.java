package dev.p2pshare.tracker;

import java.util.List;

/**
 * How an instance stands in its cluster, as {@code /status} shows it.
 *
 * @param instance this instance's id
 * @param instances the instances holding a lease, this one included, by id
 * @param degraded whether this instance cannot reach the shared store now, or has changes of its
 *     own not yet shared: it serves its own peers and its last view of the others meanwhile
 * @param lagMillis how far behind the shared log this instance's view is, in milliseconds: the age
 *     of the newest entry read when it was read, or the time since the store last answered
 * @param remotePeers how many peers other instances hold, as this one sees them
 * @param queuedChanges own changes waiting to be written
 */
public record ClusterStatus(String instance, List<String> instances, boolean degraded, long lagMillis, int remotePeers,
        int queuedChanges) {

    public ClusterStatus {
        instances = List.copyOf(instances);
    }
}
