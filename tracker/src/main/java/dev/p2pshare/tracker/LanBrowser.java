package dev.p2pshare.tracker;

import dev.p2pshare.protocol.Printable;
import dev.p2pshare.protocol.transport.Endpoint;
import java.io.Closeable;
import java.io.IOException;
import java.net.Inet4Address;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.jmdns.JmDNS;
import javax.jmdns.ServiceEvent;
import javax.jmdns.ServiceInfo;
import javax.jmdns.ServiceListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the LAN for trackers' {@link LanAnnouncement}s on every address that can take
 * multicast, until closed. The listener hears of each announcement as it is resolved (again when
 * it changes, and once per interface it is heard on) and of each withdrawal, from jmDNS's threads.
 * An announcement with a malformed TXT record is logged and left out.
 */
public final class LanBrowser implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(LanBrowser.class);

    /** Told what the LAN announces; called from jmDNS's threads, and must not block long. */
    public interface Listener {

        /** A service named {@code name} is heard of, and is being resolved: an announcement may follow. */
        void heard(String name);

        /** A tracker is announced, or its announcement changed. */
        void announced(LanAnnouncement announcement);

        /** The tracker announced as {@code name} withdrew its announcement. */
        void withdrawn(String name);
    }

    private final List<JmDNS> responders;
    private final Resolver resolver;

    private LanBrowser(List<JmDNS> responders, Resolver resolver) {
        this.responders = responders;
        this.resolver = resolver;
    }

    /**
     * Starts watching, telling {@code listener}.
     *
     * @throws IOException if no interface here can take multicast
     */
    public static LanBrowser start(Listener listener) throws IOException {
        Objects.requireNonNull(listener, "listener");
        List<JmDNS> responders = MulticastDns.open();
        Resolver resolver = new Resolver(listener);
        for (JmDNS responder : responders) {
            responder.addServiceListener(LanAnnouncement.SERVICE_TYPE, resolver);
        }
        return new LanBrowser(responders, resolver);
    }

    /**
     * Stops watching: once this returns, the listener is told nothing more, bar a call already
     * under way on a jmDNS thread. Returns at once; idempotent. The responders' goodbyes for their host names, all they announced, are left to
     * background threads.
     */
    @Override
    public void close() {
        resolver.closed = true;
        for (JmDNS responder : responders) {
            responder.removeServiceListener(LanAnnouncement.SERVICE_TYPE, resolver);
        }
        MulticastDns.closeInBackground(responders);
    }

    /** Asks for the details of every service seen, and passes the resolved ones on. */
    private static final class Resolver implements ServiceListener {

        private final Listener listener;

        /** Set once the browser is closed: events jmDNS delivers after that are dropped. */
        private volatile boolean closed;

        Resolver(Listener listener) {
            this.listener = listener;
        }

        @Override
        public void serviceAdded(ServiceEvent event) {
            if (closed) {
                return;
            }
            log.debug("heard of {} on the LAN; resolving it", Printable.escape(event.getName()));
            listener.heard(event.getName());
            event.getDNS().requestServiceInfo(event.getType(), event.getName(), true);
        }

        @Override
        public void serviceRemoved(ServiceEvent event) {
            if (closed) {
                return;
            }
            listener.withdrawn(event.getName());
        }

        @Override
        public void serviceResolved(ServiceEvent event) {
            if (closed) {
                return;
            }
            ServiceInfo info = event.getInfo();
            Inet4Address[] addresses = info.getInet4Addresses();
            if (addresses.length == 0 || info.getPort() == 0 || !info.getPropertyNames().hasMoreElements()) {
                // Resolved in part: the rest comes in another answer, and another call.
                return;
            }
            Map<String, String> txt = new HashMap<>();
            for (String key : Collections.list(info.getPropertyNames())) {
                txt.put(key, info.getPropertyString(key));
            }
            try {
                listener.announced(LanAnnouncement.of(event.getName(),
                        new Endpoint(addresses[0].getHostAddress(), info.getPort()), txt));
            } catch (IllegalArgumentException e) {
                log.warn("ignoring a tracker announced on the LAN: {}", Printable.escape(e.getMessage()));
            }
        }
    }
}
