package dev.p2pshare.tracker;

import dev.p2pshare.protocol.transport.ConnectionThreads;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.jmdns.JmDNS;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One multicast DNS responder per IPv4 address of every interface that is up and supports
 * multicast (loopback too, where multicast is on for it), for {@link LanAnnouncer} and
 * {@link LanBrowser}. Closing them is the caller's job.
 */
final class MulticastDns {

    private static final Logger log = LoggerFactory.getLogger(MulticastDns.class);

    /** Longer than jmDNS takes to close a responder (its goodbyes, then its sockets). */
    private static final Duration CLOSE_LIMIT = Duration.ofSeconds(15);

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
                opened.add(JmDNS.create(address, hostName));
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

    /**
     * Closes every responder in {@code responders}, all at once, and returns when they are closed:
     * about two seconds, as each withdraws what it announced (goodbye packets, sent three times a
     * second apart) before it lets go of its socket.
     */
    static void close(List<JmDNS> responders) {
        ExecutorService closing = startClosing(responders);
        try {
            if (!closing.awaitTermination(CLOSE_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                log.debug("multicast DNS responders still closing after {}", CLOSE_LIMIT);
            }
        } catch (InterruptedException e) {
            // The caller stops waiting; the responders finish closing on their own threads.
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Starts closing every responder in {@code responders} and returns at once, for responders that
     * announced nothing but their host name: their goodbyes are sent by daemon threads, and a
     * process that exits first does not wait for them.
     */
    static void closeInBackground(List<JmDNS> responders) {
        startClosing(responders);
    }

    private static ExecutorService startClosing(List<JmDNS> responders) {
        ExecutorService closing = ConnectionThreads.perTask("multicast-dns-close-");
        for (JmDNS responder : responders) {
            closing.execute(() -> closeOne(responder));
        }
        closing.shutdown();
        return closing;
    }

    private static void closeOne(JmDNS responder) {
        try {
            responder.close();
        } catch (IOException e) {
            log.debug("closing the multicast DNS responder on {} failed: {}", responder.getName(), e.toString());
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
