package dev.p2pshare.tracker;

import dev.p2pshare.protocol.NodeId;
import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import javax.jmdns.JmDNS;
import javax.jmdns.ServiceInfo;

/**
 * Announces a tracker on the LAN as a {@link LanAnnouncement} on every address that can take
 * multicast, until closed. tracker.jar and a tracker hosted in a peer announce through this one
 * class. Closing withdraws the announcement (DNS-SD goodbye packets) and may take a second.
 */
public final class LanAnnouncer implements Closeable {

    private final List<JmDNS> responders;
    private final String name;

    private LanAnnouncer(List<JmDNS> responders, String name) {
        this.responders = responders;
        this.name = name;
    }

    /**
     * Announces the tracker with the id {@code id} listening on {@code port}; returns once the
     * announcement is out (a second or two, while multicast DNS checks the name is free).
     *
     * @throws IOException if no interface here can take multicast, or announcing failed
     */
    public static LanAnnouncer start(int port, NodeId id) throws IOException {
        List<JmDNS> responders = MulticastDns.open();
        try {
            for (JmDNS responder : responders) {
                responder.registerService(ServiceInfo.create(LanAnnouncement.SERVICE_TYPE,
                        LanAnnouncement.instanceName(id), port, 0, 0, LanAnnouncement.txt(id)));
            }
        } catch (IOException | RuntimeException e) {
            MulticastDns.close(responders);
            throw e;
        }
        return new LanAnnouncer(responders, LanAnnouncement.instanceName(id));
    }

    /** The line a tracker prints once announced: the service type and the instance name. */
    public String description() {
        return "announced on the LAN as '" + name + "' (" + LanAnnouncement.SERVICE_TYPE + ")";
    }

    /** Withdraws the announcement and stops answering multicast DNS; idempotent. */
    @Override
    public void close() {
        for (JmDNS responder : responders) {
            responder.unregisterAllServices();
        }
        MulticastDns.close(responders);
    }
}
