package dev.p2pshare.tracker;

import dev.p2pshare.protocol.ErrorCode;
import dev.p2pshare.protocol.FileEntry;
import dev.p2pshare.protocol.Frame;
import dev.p2pshare.protocol.Message;
import dev.p2pshare.protocol.NodeId;
import dev.p2pshare.protocol.ProtocolException;
import dev.p2pshare.protocol.tls.NodeIdentity;
import dev.p2pshare.protocol.tls.TlsLayer;
import dev.p2pshare.protocol.transport.ClientConversation;
import dev.p2pshare.protocol.transport.ErrorReplyException;
import dev.p2pshare.protocol.transport.Transport;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A test's end of one connection to a tracker, speaking frames by hand: honest requests, and raw
 * bytes that no real peer would send. Every read gives up after {@link #READ_TIMEOUT}, so a tracker
 * that never answers fails the test instead of hanging it. Not thread-safe; closing closes the socket.
 */
final class TrackerClient implements Closeable {

    /** How long a read may block: generous for a busy machine, yet finite. */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(20);

    /** How long connecting may take. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final Socket socket;
    private final ClientConversation conversation;

    private TrackerClient(Socket socket) throws IOException {
        this.socket = socket;
        this.conversation = ClientConversation.over(socket);
    }

    /**
     * Connects over TLS to the tracker on {@code port} of 127.0.0.1 as a new node, with an
     * identity of its own; says nothing yet.
     */
    static TrackerClient connect(int port) throws IOException {
        return connect(port, NodeIdentity.generate("tracker-test"));
    }

    /** Connects over TLS to the tracker on {@code port} of 127.0.0.1 as {@code identity}; says nothing yet. */
    static TrackerClient connect(int port, NodeIdentity identity) throws IOException {
        Socket socket = transport(identity).connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
        try {
            return new TrackerClient(socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * Connects over TLS, as a new node, to the tracker on {@code port} of 127.0.0.1 from the local
     * address {@code from}; says nothing yet.
     */
    static TrackerClient connectFrom(InetAddress from, int port) throws IOException {
        Socket plain = new Socket();
        try {
            plain.bind(new InetSocketAddress(from, 0));
            plain.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), (int) CONNECT_TIMEOUT.toMillis());
            plain.setSoTimeout((int) READ_TIMEOUT.toMillis());
            Socket secured = new TlsLayer(NodeIdentity.generate("tracker-test")).connectOver(plain, "the tracker",
                    Optional.empty());
            return new TrackerClient(secured);
        } catch (IOException e) {
            plain.close();
            throw e;
        }
    }

    /** The transport test clients use: TLS as {@code identity}, with the test timeouts. */
    static Transport transport(NodeIdentity identity) {
        return Transport.tls(new TlsLayer(identity), CONNECT_TIMEOUT, READ_TIMEOUT);
    }

    /** The id the tracker proved in the handshake. */
    NodeId trackerId() {
        return Transport.remoteId(socket).orElseThrow();
    }

    /** Opens the conversation with a {@code hello}; expects a {@code welcome} of the same protocol version. */
    Message.Welcome hello() throws IOException {
        return conversation.handshake("tracker-test", (theirs, ours) -> new ProtocolException(
                ErrorCode.UNSUPPORTED_VERSION, "the tracker speaks protocol version " + theirs + ", not " + ours));
    }

    /** Registers as {@code name} serving on {@code port} with {@code files}; expects {@code registered}. */
    Message.Registered register(String name, int port, FileEntry... files) throws IOException {
        return request(new Message.Register(name, port, List.of(files)), Message.Registered.class);
    }

    /** Sends {@code request} and returns the answer, whatever it is. */
    Message request(Message request) throws IOException {
        send(request);
        return receive();
    }

    /**
     * Sends {@code request} and returns the answer.
     *
     * @throws ErrorReplyException if the tracker refused the request
     * @throws ProtocolException if the answer is not an {@code answerType}
     */
    <T extends Message> T request(Message request, Class<T> answerType) throws IOException {
        return conversation.ask(request, answerType);
    }

    /** Sends {@code request} with {@code payload} and returns the answer, whatever it is. */
    Message request(Message request, byte[] payload) throws IOException {
        conversation.writer().write(request, ByteBuffer.wrap(payload));
        conversation.writer().flush();
        return receive();
    }

    /** From now on, waits at most {@code timeout} for the tracker to send something. */
    void readTimeout(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
    }

    /** Sends {@code message} as one frame, at once. */
    void send(Message message) throws IOException {
        conversation.writer().send(message);
    }

    /** Sends {@code bytes} exactly as given, at once. */
    void sendRaw(byte[] bytes) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(bytes);
        out.flush();
    }

    /** Tells the tracker that nothing more will come, keeping the connection open for reading. */
    void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    /**
     * The next message from the tracker.
     *
     * @throws EOFException if the tracker has closed the connection
     */
    Message receive() throws IOException {
        Frame frame = conversation.reader().next();
        conversation.reader().skipPayload();
        return frame.message();
    }

    /** The next message from the tracker, or empty if the tracker closed the connection instead. */
    Optional<Message> receiveUnlessClosed() throws IOException {
        try {
            return Optional.of(receive());
        } catch (EOFException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() throws IOException {
        conversation.close();
    }
}
