package dev.p2pshare.protocol.transport;

import dev.p2pshare.protocol.FrameReader;
import dev.p2pshare.protocol.FrameWriter;
import dev.p2pshare.protocol.Message;
import dev.p2pshare.protocol.ProtocolException;
import java.io.Closeable;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.Objects;

/**
 * The client side of one connection, the same for a peer talking to the tracker or to a source:
 * the handshake, then requests each answered, in order, by a message of the type the request
 * expects or by an {@code error}. {@link ServerConversation} is the other side.
 *
 * <p>A conversation is laid over a socket already connected ({@link Transport#connect}) and owns
 * it from then on: {@link #close} closes it, {@link #abort} ends it at once. Nothing is said
 * before {@link #handshake}. One request at a time goes through {@link #ask}; a caller that
 * pipelines requests, reads the payloads of answers or reads on a thread of its own works with
 * the {@link #reader} and {@link #writer}, and checks each answer with {@link Answers#expect}.
 *
 * <p>Not thread-safe, except that one thread may read while another writes, and that
 * {@link #abort} may come from any thread.
 */
public final class ClientConversation implements Closeable {

    /** Words the failure to agree on a protocol version, naming the other side as the caller knows it. */
    @FunctionalInterface
    public interface VersionMismatch {
        /** What to throw when the other side speaks protocol version {@code theirs} and this side {@code ours}. */
        IOException failure(int theirs, int ours);
    }

    private final Socket socket;
    private final FrameReader reader;
    private final FrameWriter writer;

    private ClientConversation(Socket socket, FrameReader reader, FrameWriter writer) {
        this.socket = socket;
        this.reader = reader;
        this.writer = writer;
    }

    /**
     * A conversation over {@code socket}, connected and not yet spoken on, which it owns from
     * now on; if this throws, the socket is still the caller's to close. Payloads read into a
     * {@link java.nio.ByteBuffer} come straight from the socket's {@linkplain Transport#channelOf
     * channel} when it has one, and such reads keep to no read timeout.
     */
    public static ClientConversation over(Socket socket) throws IOException {
        Objects.requireNonNull(socket, "socket");
        return new ClientConversation(socket, new FrameReader(socket.getInputStream(), Transport.channelOf(socket)),
                new FrameWriter(socket.getOutputStream()));
    }

    /**
     * Says {@code hello} as {@code agent} and reads the {@code welcome}, within the socket's read
     * timeout for each read.
     *
     * @param mismatch words the failure if the other side speaks another protocol version
     * @return the welcome, for what the other side says of itself
     * @throws ErrorReplyException if the other side turned this one away
     * @throws ProtocolException if it answered with another type of message
     * @throws java.io.EOFException if it closed the connection instead of answering
     */
    public Message.Welcome handshake(String agent, VersionMismatch mismatch) throws IOException {
        writer.send(new Message.Hello(Message.VERSION, agent));
        return sameVersion(answer(Message.Welcome.class), mismatch);
    }

    /**
     * As {@link #handshake(String, VersionMismatch)}, within {@code limit} in all: a side that is
     * silent, or answers a byte now and then, is given up at the limit, and the socket is then
     * {@linkplain SocketClose#abort aborted}.
     *
     * @throws java.net.SocketTimeoutException past the limit
     */
    public Message.Welcome handshake(String agent, Duration limit, VersionMismatch mismatch) throws IOException {
        Message.Welcome welcome = Deadlines.within(socket, limit, "welcome", () -> {
            writer.send(new Message.Hello(Message.VERSION, agent));
            return answer(Message.Welcome.class);
        });
        return sameVersion(welcome, mismatch);
    }

    private static Message.Welcome sameVersion(Message.Welcome welcome, VersionMismatch mismatch) throws IOException {
        if (welcome.version() != Message.VERSION) {
            throw mismatch.failure(welcome.version(), Message.VERSION);
        }
        return welcome;
    }

    /**
     * Sends {@code request} at once and reads its answer, which must be of {@code type}. Every
     * earlier answer must have been read. The payload of an answer whose type carries one is left
     * for the {@link #reader}.
     *
     * @throws ErrorReplyException if the other side refused the request
     * @throws ProtocolException if it answered with another type of message
     * @throws java.io.EOFException if it closed the connection instead of answering
     */
    public <T extends Message> T ask(Message request, Class<T> type) throws IOException {
        writer.send(request);
        return answer(type);
    }

    /**
     * Reads the answer to the oldest request not yet answered, which must be of {@code type}; as
     * {@link #ask} for requests sent before.
     */
    public <T extends Message> T answer(Class<T> type) throws IOException {
        return Answers.expect(reader.next().message(), type);
    }

    /** The frames from the other side. The payload of each frame read must be consumed before the next. */
    public FrameReader reader() {
        return reader;
    }

    /** The frames to the other side; buffered until flushed. */
    public FrameWriter writer() {
        return writer;
    }

    /**
     * Ends the connection at once, from any thread: a read or write blocked on it fails now (see
     * {@link SocketClose#abort}).
     */
    public void abort() throws IOException {
        SocketClose.abort(socket);
    }

    /** Closes the socket, over TLS with a closing alert first. */
    @Override
    public void close() throws IOException {
        socket.close();
    }
}
