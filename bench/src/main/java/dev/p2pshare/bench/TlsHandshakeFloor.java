package dev.p2pshare.bench;

import dev.p2pshare.protocol.tls.NodeIdentity;
import dev.p2pshare.protocol.tls.TlsLayer;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.Optional;
import javax.net.ssl.SSLSocket;

/**
 * The floor under a peer's start, run in a JVM of its own by {@link StartupCommand}: the least a
 * peer must do before it can be registered with a tracker, and nothing else.
 * {@code java -cp bench.jar dev.p2pshare.bench.TlsHandshakeFloor STATE_FOLDER PORT} loads the node
 * identity kept in {@code STATE_FOLDER} and completes one TLS 1.3 handshake with the tracker at
 * {@code 127.0.0.1:PORT}, as a peer does both ({@link NodeIdentity}, {@link TlsLayer}), then prints
 * {@code listening on 127.0.0.1:PORT} and exits 0. No command line parser, no JSON, no folder, no
 * registration.
 */
final class TlsHandshakeFloor {

    private TlsHandshakeFloor() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: TlsHandshakeFloor STATE_FOLDER PORT");
            System.exit(2);
        }
        TlsLayer tls = new TlsLayer(NodeIdentity.loadOrCreate(Path.of(args[0]), "floor"));
        int port = Integer.parseInt(args[1]);
        try (SSLSocket socket = tls.connectOver(new Socket(InetAddress.getLoopbackAddress(), port), "the tracker",
                Optional.empty())) {
            System.out.println("listening on 127.0.0.1:" + port);
        }
    }
}
