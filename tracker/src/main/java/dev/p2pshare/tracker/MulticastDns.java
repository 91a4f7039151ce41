package dev.p2pshare.tracker;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import javax.jmdns.JmDNS;
import javax.jmdns.impl.JmDNSImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One multicast DNS responder per IPv4 address of every interface that is up and supports
 * multicast (loopback too, where multicast is on for it), for {@link LanAnnouncer} and
 * {@link LanBrowser}. Closing them is the caller's job.
 */
final class MulticastDns {

    private static final Logger log = LoggerFactory.getLogger(MulticastDns.class);

    /** How long a new responder may take to claim its host name before it is used anyway. */
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(5);

    private MulticastDns() {
    }

    /**
     * Responders on every address that can take multicast.
     *
     * @throws IOException if there is no such address, or none of them can open one
     */
    static List<JmDNS> open() throws IOException {
        List<InetAddress> addresses = multicastAddresses();
        if (addresses.isEmpty()) {
            throw new IOException("no network interface here is up with multicast on");
        }
        // A host name of its own, so that two processes on one machine do not contend for one.
        String hostName = "p2pshare-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        List<JmDNS> opened = new ArrayList<>();
        IOException last = null;
        for (InetAddress address : addresses) {
            try {
                JmDNS responder = JmDNS.create(address, hostName);
                // A responder hears and asks nothing until it has claimed its host name; waiting
                // here makes a browse of N seconds N seconds of listening.
                if (responder instanceof JmDNSImpl started && !started.waitForAnnounced(READY_TIMEOUT.toMillis())) {
                    log.debug("the multicast DNS responder on {} is not ready after {}", address.getHostAddress(),
                            READY_TIMEOUT);
                }
                opened.add(responder);
            } catch (IOException e) {
                log.debug("no multicast DNS on {}: {}", address.getHostAddress(), e.toString());
                last = e;
            }
        }
        if (opened.isEmpty()) {
            throw last;
        }
        return List.copyOf(opened);
    }

    /** Closes every responder in {@code responders}, logging a failure to close one. */
    static void close(List<JmDNS> responders) {
        for (JmDNS responder : responders) {
            try {
                responder.close();
            } catch (IOException e) {
                log.debug("closing the multicast DNS responder on {} failed: {}", responder.getName(), e.toString());
            }
        }
    }

    private static List<InetAddress> multicastAddresses() throws SocketException {
        List<InetAddress> found = new ArrayList<>();
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || !nic.supportsMulticast() || nic.isPointToPoint()) {
                continue;
            }
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (address instanceof Inet4Address) {
                    found.add(address);
                }
            }
        }
        return found;
    }
}
