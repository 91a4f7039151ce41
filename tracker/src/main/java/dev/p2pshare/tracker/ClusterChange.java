package dev.p2pshare.tracker;

import dev.p2pshare.protocol.FileEntry;
import dev.p2pshare.protocol.FileId;
import dev.p2pshare.protocol.NodeId;
import java.util.List;
import java.util.Objects;

/**
 * One change to a peer's session, as instances of a cluster pass it to each other: the owner
 * applies its own changes to its registry at once and publishes them, in order; the others apply
 * them as they read them.
 *
 * <p>Every change names the session it belongs to. A session token is unique across the cluster
 * (the instance's id, a dot, a counter), so a change is applied only to the session it was made
 * in: one that arrives after the peer has moved on to another session, here or elsewhere, is stale
 * and ignored.
 */
sealed interface ClusterChange {

    /** The peer whose session changed. */
    NodeId peer();

    /** The session the change belongs to. */
    String session();

    /** A session opened, listing the peer's whole files; its partial files follow as {@link Partial}. */
    record Registered(NodeId peer, String session, String name, String host, int port, List<FileEntry> files)
            implements ClusterChange {
        public Registered {
            Objects.requireNonNull(peer, "peer");
            Objects.requireNonNull(session, "session");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(host, "host");
            if (port < 1 || port > 65_535) {
                throw new IllegalArgumentException("a port is 1 to 65535, not " + port);
            }
            files = List.copyOf(files);
        }
    }

    /** Files the peer shares whole were added, and files it shared removed. */
    record FilesChanged(NodeId peer, String session, List<FileEntry> added, List<FileId> removed)
            implements ClusterChange {
        public FilesChanged {
            Objects.requireNonNull(peer, "peer");
            Objects.requireNonNull(session, "session");
            added = List.copyOf(added);
            removed = List.copyOf(removed);
        }
    }

    /** The peer has {@code chunks} chunks of {@code file} and is downloading the rest. */
    record Partial(NodeId peer, String session, FileEntry file, int chunks) implements ClusterChange {
        public Partial {
            Objects.requireNonNull(peer, "peer");
            Objects.requireNonNull(session, "session");
            Objects.requireNonNull(file, "file");
            if (chunks < 0) {
                throw new IllegalArgumentException("a chunk count is not negative: " + chunks);
            }
        }
    }

    /** The peer's session takes texts ({@code presence} false) or texts and presence notices. */
    record Subscribed(NodeId peer, String session, boolean presence) implements ClusterChange {
        public Subscribed {
            Objects.requireNonNull(peer, "peer");
            Objects.requireNonNull(session, "session");
        }
    }

    /** The session ended: the peer left, unregistered, or went silent past the ttl. */
    record Ended(NodeId peer, String session) implements ClusterChange {
        public Ended {
            Objects.requireNonNull(peer, "peer");
            Objects.requireNonNull(session, "session");
        }
    }
}
