package dev.p2pshare.bench;

import dev.p2pshare.protocol.ErrorCode;
import dev.p2pshare.protocol.Message;
import dev.p2pshare.protocol.ProtocolException;
import dev.p2pshare.protocol.Release;
import dev.p2pshare.protocol.tls.NodeIdentity;
import dev.p2pshare.protocol.tls.TlsLayer;
import dev.p2pshare.protocol.transport.ClientConversation;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import javax.net.ssl.SSLSocket;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * The floor under a peer's start with what every start of this peer does besides its folder, run
 * in a JVM of its own by {@link StartupCommand}: {@link TlsHandshakeFloor}, plus a command line
 * parsed with picocli and a registration. {@code java -cp bench.jar
 * dev.p2pshare.bench.RegisteredFloor STATE_FOLDER PORT} parses that command line, loads the node
 * identity kept in {@code STATE_FOLDER}, completes one TLS 1.3 handshake with the tracker at
 * {@code 127.0.0.1:PORT}, says {@code hello}, registers with no files and reads the answer, as a
 * peer does each, then prints {@code listening on 127.0.0.1:PORT} and exits 0. No folder, no
 * serving socket, no logging, no shell.
 */
@Command(name = "registered-floor", description = "Register with no files as fast as a JVM can, and exit.")
final class RegisteredFloor implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "STATE_FOLDER", description = "Where the node identity is kept.")
    private Path state;

    @Parameters(index = "1", paramLabel = "PORT", description = "The tracker's port on 127.0.0.1.")
    private int port;

    public static void main(String[] args) {
        System.exit(new CommandLine(new RegisteredFloor()).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        TlsLayer tls = new TlsLayer(NodeIdentity.loadOrCreate(state, "floor"));
        try (SSLSocket socket = tls.connectOver(new Socket(InetAddress.getLoopbackAddress(), port), "the tracker",
                Optional.empty())) {
            ClientConversation conversation = ClientConversation.over(socket);
            conversation.handshake(Release.agent(), (theirs, ours) -> new ProtocolException(ErrorCode.UNSUPPORTED_VERSION,
                    "the tracker speaks protocol version " + theirs + ", this floor " + ours));
            conversation.ask(new Message.Register("floor", port, List.of()), Message.Registered.class);
            System.out.println("listening on 127.0.0.1:" + port);
        }
        return 0;
    }
}
