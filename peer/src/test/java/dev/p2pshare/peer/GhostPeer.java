package dev.p2pshare.peer;

import dev.p2pshare.protocol.FileEntry;
import dev.p2pshare.protocol.FrameReader;
import dev.p2pshare.protocol.FrameWriter;
import dev.p2pshare.protocol.Message;
import dev.p2pshare.protocol.tls.NodeIdentity;
import dev.p2pshare.protocol.tls.TlsLayer;
import dev.p2pshare.protocol.transport.Transport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;

/**
 * A peer that is only a tracker connection: registered under a fresh identity, claiming to serve
 * some files on some port, where something else (or nothing) answers. Closing its socket is what
 * the tracker sees when a peer process is killed.
 */
final class GhostPeer {

    private GhostPeer() {
    }

    /** Registers {@code name}, serving {@code files} on {@code port}, with the tracker on {@code trackerPort}. */
    static Socket register(int trackerPort, String name, int port, List<FileEntry> files) throws IOException {
        Socket socket = Transport.tls(new TlsLayer(NodeIdentity.generate(name)), Duration.ofSeconds(5),
                Duration.ofSeconds(10)).connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), trackerPort));
        try {
            FrameWriter writer = new FrameWriter(socket.getOutputStream());
            FrameReader reader = new FrameReader(socket.getInputStream());
            writer.send(new Message.Hello(Message.VERSION, "test-ghost"));
            reader.next();
            writer.send(new Message.Register(name, port, files));
            if (!(reader.next().message() instanceof Message.Registered)) {
                throw new IOException("the tracker did not register " + name);
            }
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }
}
