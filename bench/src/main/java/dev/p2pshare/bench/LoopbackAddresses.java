package dev.p2pshare.bench;

import java.io.IOException;
import java.net.InetAddress;

/**
 * The local addresses the bench's peer sessions connect from, spread so that no address holds
 * more than a tracker lets it: 127.0.0.2 for the first {@value #SESSIONS_PER_ADDRESS} sessions,
 * then 127.0.0.3, and so on (127.0.1.2 after 127.0.0.251), all of them this machine.
 */
final class LoopbackAddresses {

    /** Well under the tracker's default limit of connections from one address. */
    static final int SESSIONS_PER_ADDRESS = 200;

    private LoopbackAddresses() {
    }

    /** The address session {@code index} connects from. */
    static InetAddress forSession(int index) throws IOException {
        int group = index / SESSIONS_PER_ADDRESS;
        if (group >= 250 * 255) {
            throw new IOException("more sessions than loopback addresses to spread them over");
        }
        return InetAddress.getByAddress(new byte[] {127, 0, (byte) (group / 250), (byte) (2 + group % 250)});
    }
}
