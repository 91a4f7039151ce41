package dev.p2pshare.peer.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.p2pshare.protocol.ErrorCode;
import dev.p2pshare.protocol.Frame;
import dev.p2pshare.protocol.FrameReader;
import dev.p2pshare.protocol.FrameWriter;
import dev.p2pshare.protocol.Message;
import dev.p2pshare.protocol.ProtocolException;
import dev.p2pshare.protocol.tls.NodeIdentity;
import dev.p2pshare.protocol.tls.TlsLayer;
import dev.p2pshare.protocol.transport.ClientConversation;
import dev.p2pshare.protocol.transport.Transport;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/**
 * A test's end of one connection to a peer's chunk server, speaking frames by hand, over TLS as a
 * new node, as any client on the network could. Reads give up after 10 s, so a server that never
 * answers fails the test instead of hanging it. Not thread-safe; closing closes the socket.
 */
public final class ChunkClient implements AutoCloseable {

    private final Socket socket;
    private final ClientConversation conversation;
    private final FrameReader reader;
    private final FrameWriter writer;

    /** Connects to the chunk server on {@code port} of 127.0.0.1; says nothing yet. */
    public ChunkClient(int port) throws IOException {
        socket = Transport.tls(new TlsLayer(NodeIdentity.generate("client")), Duration.ofSeconds(5),
                Duration.ofSeconds(10)).connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        conversation = ClientConversation.over(socket);
        reader = conversation.reader();
        writer = conversation.writer();
    }

    /** Opens the conversation; expects a {@code welcome} of the same protocol version. */
    public ChunkClient hello() throws IOException {
        conversation.handshake("test", (theirs, ours) -> new ProtocolException(ErrorCode.UNSUPPORTED_VERSION,
                "the peer speaks protocol version " + theirs + ", not " + ours));
        return this;
    }

    /** Sends {@code request} and returns the answer's frame; its payload is still to be read. */
    public Frame ask(Message request) throws IOException {
        writer.send(request);
        return reader.next();
    }

    /** The next frame from the server; its payload is still to be read. */
    public Frame next() throws IOException {
        return reader.next();
    }

    /** Sends {@code request} and returns the answer, which must be an error. */
    public Message.ErrorReply refusal(Message request) throws IOException {
        return error(ask(request));
    }

    /** The next frame's message, which must be an error. */
    public Message.ErrorReply nextRefusal() throws IOException {
        return error(reader.next());
    }

    /** Queues {@code request} without sending it yet. */
    public void queue(Message request) throws IOException {
        writer.write(request);
    }

    /** Sends what was queued. */
    public void flush() throws IOException {
        writer.flush();
    }

    /** The payload of the frame last read. */
    public byte[] payload() throws IOException {
        return reader.readPayload();
    }

    /** Skips the payload of the frame last read. */
    public void skipPayload() throws IOException {
        reader.skipPayload();
    }

    /** Sends {@code bytes} exactly as given, at once. */
    public void sendRaw(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    /** Whether the server closed the connection instead of sending another frame. */
    public boolean closedByServer() throws IOException {
        try {
            reader.next();
            return false;
        } catch (EOFException e) {
            return true;
        }
    }

    private static Message.ErrorReply error(Frame frame) {
        assertThat(frame.message()).isInstanceOf(Message.ErrorReply.class);
        return (Message.ErrorReply) frame.message();
    }

    /**
     * Ends the connection at once, answers in flight unread, as a downloader does when it cancels,
     * has what it wanted, or exits.
     */
    public void hangUp() throws IOException {
        conversation.abort();
    }

    @Override
    public void close() throws IOException {
        conversation.close();
    }
}
