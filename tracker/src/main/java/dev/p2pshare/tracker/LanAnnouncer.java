package dev.p2pshare.tracker;

import dev.p2pshare.protocol.NodeId;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.jmdns.JmDNS;
import javax.jmdns.ServiceInfo;
import javax.jmdns.impl.ServiceInfoImpl;

/**
 * Announces a tracker on the LAN as a {@link LanAnnouncement} on every address that can take
 * multicast, until closed. tracker.jar and a tracker hosted in a peer announce through this one
 * class. Closing withdraws the announcement (DNS-SD goodbye packets) and takes about two seconds.
 */
public final class LanAnnouncer implements Closeable {

    /** How long {@link #awaitOut} waits for the announcement to go out. */
    private static final int OUT_LIMIT_SECONDS = 15;

    /** How often {@link #awaitOut} looks at every address's announcement. */
    private static final Duration POLL = Duration.ofMillis(100);

    private final List<JmDNS> responders;
    private final List<ServiceInfo> services;
    private final String name;

    private LanAnnouncer(List<JmDNS> responders, List<ServiceInfo> services, String name) {
        this.responders = responders;
        this.services = services;
        this.name = name;
    }

    /**
     * Starts announcing the tracker with the id {@code id} listening on {@code port}, and returns
     * at once: multicast DNS first checks for a few seconds that the names are free, and only then
     * answers (see {@link #awaitOut}).
     *
     * @throws IOException if no interface here can take multicast, or announcing failed
     */
    public static LanAnnouncer start(int port, NodeId id) throws IOException {
        List<JmDNS> responders = MulticastDns.open();
        List<ServiceInfo> services = new ArrayList<>();
        try {
            for (JmDNS responder : responders) {
                ServiceInfo service = ServiceInfo.create(LanAnnouncement.SERVICE_TYPE,
                        LanAnnouncement.instanceName(id), port, 0, 0, LanAnnouncement.txt(id));
                responder.registerService(service);
                services.add(service);
            }
        } catch (IOException | RuntimeException e) {
            MulticastDns.close(responders);
            throw e;
        }
        return new LanAnnouncer(responders, List.copyOf(services), LanAnnouncement.instanceName(id));
    }

    /**
     * Waits until the announcement is out on at least one address, which takes jmDNS about five
     * seconds from {@link #start} (three probes of the host name a second apart, then the
     * service's own), or until {@value #OUT_LIMIT_SECONDS} s have passed, the announcer is closed
     * or the thread is interrupted; whether it is out.
     */
    public boolean awaitOut() {
        long deadline = System.nanoTime() + Duration.ofSeconds(OUT_LIMIT_SECONDS).toNanos();
        while (true) {
            // jmDNS keeps a service's state in its implementation class; its public API has none.
            for (ServiceInfo service : services) {
                if (!(service instanceof ServiceInfoImpl state) || state.isAnnounced()) {
                    return true;
                }
                if (state.isCanceling() || state.isCanceled()) {
                    return false;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            // Not jmDNS's own wait: it logs a warning each time it times out, and one address may
            // never finish while another has.
            try {
                TimeUnit.NANOSECONDS.sleep(Math.min(POLL.toNanos(), left));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /** What to say when {@link #awaitOut} found the announcement not out. */
    public String notOutWarning() {
        return "the announcement on the LAN as '" + name + "' is not out after " + OUT_LIMIT_SECONDS
                + " s; peers there may not find this tracker";
    }

    /** The line a tracker prints once announced: the service type and the instance name. */
    public String description() {
        return "announced on the LAN as '" + name + "' (" + LanAnnouncement.SERVICE_TYPE + ")";
    }

    /** Withdraws the announcement and stops answering multicast DNS; idempotent. */
    @Override
    public void close() {
        // Closing a responder withdraws its services too, alongside its host name.
        MulticastDns.close(responders);
    }
}
