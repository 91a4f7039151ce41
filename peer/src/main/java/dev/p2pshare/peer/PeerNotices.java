package dev.p2pshare.peer;

import dev.p2pshare.peer.net.Notice;
import dev.p2pshare.protocol.NodeId;
import dev.p2pshare.protocol.PeerEntry;
import dev.p2pshare.protocol.Printable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the notices the tracker pushes (texts, offers, who joined or left) to every listener, such
 * as the shell and the web page, in the order they came; and keeps the names of the peers known
 * to be online, for completion. Notices that arrive while no one listens wait for the next
 * listener, up to {@value #WAITING_AT_MOST}. Thread-safe.
 */
public final class PeerNotices implements Consumer<Notice> {

    private static final Logger log = LoggerFactory.getLogger(PeerNotices.class);

    /** How many notices wait for a listener at most; later ones are dropped until one listens. */
    static final int WAITING_AT_MOST = 64;

    private final Map<NodeId, String> online = new ConcurrentHashMap<>();
    private final Queue<Notice> waiting = new ArrayDeque<>();
    private final List<Consumer<Notice>> listeners = new ArrayList<>();

    /** A listener's place; closing it stops the notices to that listener. */
    public interface Listening extends AutoCloseable {
        @Override
        void close();
    }

    @Override
    public synchronized void accept(Notice notice) {
        if (notice instanceof Notice.PeerJoined joined) {
            online.put(joined.peer().id(), joined.peer().name());
        } else if (notice instanceof Notice.PeerLeft left) {
            online.remove(left.id());
        } else if (notice instanceof Notice.TextFrom text) {
            online.put(text.fromId(), text.fromName());
        } else if (notice instanceof Notice.OfferFrom offer) {
            online.put(offer.fromId(), offer.fromName());
        }
        if (!listeners.isEmpty()) {
            listeners.forEach(listener -> tell(listener, notice));
        } else if (waiting.size() < WAITING_AT_MOST) {
            waiting.add(notice);
        } else {
            log.debug("dropped a notice nobody listens to: {}", Printable.escape(notice));
        }
    }

    /** Gives every notice from now on to {@code listener}, first those that waited for a listener. */
    public synchronized Listening listen(Consumer<Notice> listener) {
        Objects.requireNonNull(listener, "listener");
        listeners.add(listener);
        Notice notice;
        while ((notice = waiting.poll()) != null) {
            tell(listener, notice);
        }
        return () -> {
            synchronized (this) {
                listeners.remove(listener);
            }
        };
    }

    /** Takes {@code peers} as the peers online now, as a fresh list from the tracker shows them. */
    void online(List<PeerEntry> peers) {
        online.clear();
        peers.forEach(peer -> online.put(peer.id(), peer.name()));
    }

    /** The names of the peers known to be online, sorted, each once. */
    public List<String> onlineNames() {
        return online.values().stream().distinct().sorted().toList();
    }

    private static void tell(Consumer<Notice> listener, Notice notice) {
        try {
            listener.accept(notice);
        } catch (RuntimeException e) {
            // The notice came from the tracker's reader thread, which must go on reading.
            log.warn("could not show a notice ({}): {}", Printable.escape(notice), Printable.escape(e), e);
        }
    }
}
