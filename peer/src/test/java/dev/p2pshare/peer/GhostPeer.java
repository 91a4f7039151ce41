package dev.p2pshare.peer;

import dev.p2pshare.protocol.ErrorCode;
import dev.p2pshare.protocol.FileEntry;
import dev.p2pshare.protocol.Message;
import dev.p2pshare.protocol.ProtocolException;
import dev.p2pshare.protocol.tls.NodeIdentity;
import dev.p2pshare.protocol.tls.TlsLayer;
import dev.p2pshare.protocol.transport.ClientConversation;
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
            ClientConversation conversation = ClientConversation.over(socket);
            conversation.handshake("test-ghost", (theirs, ours) -> new ProtocolException(ErrorCode.UNSUPPORTED_VERSION,
                    "the tracker speaks protocol version " + theirs + ", not " + ours));
            conversation.ask(new Message.Register(name, port, files), Message.Registered.class);
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }
}
