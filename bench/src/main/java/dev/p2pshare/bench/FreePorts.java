package dev.p2pshare.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Loopback ports free right now, for programs that cannot be told to pick their own (aria2 and
 * opentracker). Another program could take one before it is used; on a quiet benchmark machine
 * that does not happen.
 */
final class FreePorts {

    private FreePorts() {
    }

    /** {@code count} distinct ports that were free a moment ago. */
    static List<Integer> pick(int count) throws IOException {
        List<ServerSocket> held = new ArrayList<>();
        try {
            List<Integer> ports = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                held.add(socket);
                ports.add(socket.getLocalPort());
            }
            return ports;
        } finally {
            for (ServerSocket socket : held) {
                socket.close();
            }
        }
    }
}
