package dev.p2pshare.peer;

import dev.p2pshare.protocol.Message;
import dev.p2pshare.protocol.NodeId;
import dev.p2pshare.protocol.PeerEntry;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the notices the tracker pushes (texts, offers, who joined or left) to the one listener,
 * such as the shell, in the order they came; and keeps the names of the peers known to be online,
 * for completion. Notices that arrive before anyone listens wait for the listener, up to
 * {@value #WAITING_AT_MOST}. Thread-safe.
 */
public final class PeerNotices implements Consumer<Message.Notice> {

    private static final Logger log = LoggerFactory.getLogger(PeerNotices.class);

    /** How many notices wait for a listener at most; later ones are dropped until one listens. */
    static final int WAITING_AT_MOST = 64;

    private final Map<NodeId, String> online = new ConcurrentHashMap<>();
    private final Queue<Message.Notice> waiting = new ArrayDeque<>();
    private Consumer<Message.Notice> listener;

    @Override
    public synchronized void accept(Message.Notice notice) {
        if (notice instanceof Message.PeerJoined joined) {
            online.put(joined.peer().id(), joined.peer().name());
        } else if (notice instanceof Message.PeerLeft left) {
            online.remove(left.id());
        } else if (notice instanceof Message.TextFrom text) {
            online.put(text.fromId(), text.fromName());
        } else if (notice instanceof Message.OfferFrom offer) {
            online.put(offer.fromId(), offer.fromName());
        }
        if (listener != null) {
            tell(listener, notice);
        } else if (waiting.size() < WAITING_AT_MOST) {
            waiting.add(notice);
        } else {
            log.debug("dropped a notice nobody listens to: {}", notice);
        }
    }

    /**
     * Gives every notice from now on to {@code listener}, first those that waited; null stops
     * listening (notices wait again).
     */
    public synchronized void listen(Consumer<Message.Notice> listener) {
        this.listener = listener;
        Message.Notice notice;
        while (listener != null && (notice = waiting.poll()) != null) {
            tell(listener, notice);
        }
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

    private static void tell(Consumer<Message.Notice> listener, Message.Notice notice) {
        try {
            listener.accept(notice);
        } catch (RuntimeException e) {
            // The notice came from the tracker's reader thread, which must go on reading.
            log.warn("could not show a notice ({}): {}", notice, e.toString(), e);
        }
    }
}
