package dev.p2pshare.protocol.transport;

import dev.p2pshare.protocol.ErrorCode;
import dev.p2pshare.protocol.FailureReason;
import dev.p2pshare.protocol.Frame;
import dev.p2pshare.protocol.FrameReader;
import dev.p2pshare.protocol.FrameWriter;
import dev.p2pshare.protocol.Message;
import dev.p2pshare.protocol.MessageCodec;
import dev.p2pshare.protocol.Printable;
import dev.p2pshare.protocol.ProtocolException;
import dev.p2pshare.protocol.Release;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;

/**
 * The server side of one connection, the same for tracker and peer: the handshake, then requests
 * answered in order until the connection ends, with every way of ending reported once.
 *
 * <p>A refusal ({@link ProtocolException} with a code that keeps the connection) becomes an
 * {@code error} answer and the conversation goes on. Anything else ends it: a protocol violation
 * is answered with an {@code error} before closing, so that the other side learns why; any other
 * failure too, as {@code internal}. Answers are flushed when no further request is waiting, so
 * a burst of requests is answered in few packets.
 */
public final class ServerConversation {

    /**
     * Answers one request by writing to {@code writer} (without flushing). {@code payload} is the
     * request's payload: empty except for the one request type that carries one,
     * {@code announce-partial}.
     */
    @FunctionalInterface
    public interface Responder {
        void answer(Message request, byte[] payload, FrameWriter writer) throws IOException;

        /**
         * Told once the client's {@code hello} is read, before it is answered: throws to turn the
         * client away with an error whose code closes the connection (such as {@code not-allowed}),
         * which the client gets in place of {@code welcome}. Admits everyone unless overridden.
         */
        default void admit() throws ProtocolException {
        }

        /**
         * Told after each request how many bytes of frames the conversation received and sent
         * since the last time (the request, and the answer or error reply). Does nothing unless
         * overridden.
         */
        default void counted(long receivedBytes, long sentBytes) {
        }

        /**
         * Told once, after the handshake, how to send messages on this connection unasked (see
         * {@link Pusher}). Does nothing unless overridden.
         */
        default void started(Pusher pusher) {
        }
    }

    /**
     * Sends a message on a conversation's connection unasked, from any thread, between whole
     * answers. It blocks while the other side does not read, so a caller that must not wait for
     * one slow connection pushes from a thread of its own.
     */
    @FunctionalInterface
    public interface Pusher {
        /** Writes and flushes {@code message}; fails once the connection has ended. */
        void push(Message message) throws IOException;
    }

    /** How a conversation ended. */
    public enum EndKind {
        /** The other side closed the connection between requests. */
        CLOSED,
        /** The other side broke the protocol and was told why. */
        VIOLATION,
        /** The other side stayed silent past the read timeout. */
        TIMEOUT,
        /** The connection failed or was closed by this side. */
        NETWORK,
        /** This side failed while answering; a bug or a local I/O problem. */
        FAILURE,
    }

    /** The end of a conversation, for the caller to log. */
    public record End(String remote, EndKind kind, Exception cause) {
        public End {
            Objects.requireNonNull(remote, "remote");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(cause, "cause");
        }

        /**
         * One line for the log, such as {@code closed connection from 10.0.0.2:51234: bad-frame: ...},
         * {@linkplain Printable#escape escaped}: a violation's detail may quote what the other side
         * sent, such as the type it named.
         */
        public String describe() {
            return Printable.escape(switch (kind) {
                case CLOSED -> remote + " closed the connection";
                case VIOLATION -> "closed connection from " + remote + ": "
                        + ((ProtocolException) cause).code().wireName() + ": " + cause.getMessage();
                case TIMEOUT -> "closed connection from " + remote + ": silent for too long";
                case NETWORK -> "connection from " + remote + " ended: " + FailureReason.of(cause);
                case FAILURE -> "closed connection from " + remote + " after a failure: " + cause;
            });
        }

        /**
         * Logs this end to {@code log}: a warning, with the cause, only for this side's own
         * failure; anything the other side did at debug level. Anyone can connect and misbehave,
         * and a stranger must not be able to flood the log.
         */
        public void log(Logger log) {
            if (kind == EndKind.FAILURE) {
                log.warn("{}", describe(), cause);
            } else {
                log.debug("{}", describe());
            }
        }
    }

    private static final byte[] NO_PAYLOAD = new byte[0];

    /** How long a closing error waits for a push in progress to finish writing. */
    private static final Duration TELL_WAIT = Duration.ofSeconds(1);

    private ServerConversation() {
    }

    /**
     * Runs the conversation on {@code socket} until it ends, and says how it ended. Closes the
     * socket itself only after an error reply (a violation, or this side's own failure), so that
     * the other side can read the reply; otherwise closing is the caller's.
     *
     * @param role how this side names itself in error details, such as {@code tracker}
     * @param handshakeTimeout how long the other side has to send {@code hello}
     */
    public static End run(Socket socket, String role, Duration handshakeTimeout, Responder responder) {
        return run(socket, role, handshakeTimeout, 0, responder);
    }

    /**
     * As {@link #run(Socket, String, Duration, Responder)}, holding frame buffers only while a
     * frame is read or a burst of answers is written, and writing to the socket in pieces of at
     * most {@code pieceBytes} (see {@link FrameReader#unbuffered}, {@link FrameWriter#perBurst}):
     * for a server over TLS that holds thousands of connections, mostly idle, carrying small
     * messages. Answers of one burst still leave in one flush.
     */
    public static End runWithBuffersPerBurst(Socket socket, String role, Duration handshakeTimeout, int pieceBytes,
            Responder responder) {
        if (pieceBytes < 512) {
            throw new IllegalArgumentException("the piece a conversation writes in is 512 bytes or more, not " + pieceBytes);
        }
        return run(socket, role, handshakeTimeout, pieceBytes, responder);
    }

    /** Runs the conversation, with buffers per burst if {@code pieceBytes} is above 0, else large lasting ones. */
    private static End run(Socket socket, String role, Duration handshakeTimeout, int pieceBytes, Responder responder) {
        String remote = socket.getInetAddress().getHostAddress() + ":" + socket.getPort();
        // Answers and pushes share the writer: each takes it for whole frames.
        ReentrantLock writing = new ReentrantLock();
        FrameWriter writer = null;
        try {
            FrameReader reader;
            if (pieceBytes > 0) {
                reader = FrameReader.unbuffered(socket.getInputStream());
                writer = FrameWriter.perBurst(socket.getOutputStream(), pieceBytes);
            } else {
                reader = new FrameReader(socket.getInputStream(), null);
                writer = new FrameWriter(socket.getOutputStream(), Transport.channelOf(socket));
            }
            handshake(socket, role, handshakeTimeout, reader, writer, responder);
            responder.started(pusher(writer, writing));
            long received = reader.framedBytes();
            long sent = writer.framedBytes();
            while (true) {
                Frame frame = reader.next();
                Message request = frame.message();
                byte[] payload = readRequestPayload(reader, frame);
                writing.lock();
                try {
                    try {
                        responder.answer(request, payload, writer);
                    } catch (ProtocolException refusal) {
                        if (refusal.code().closesConnection()) {
                            throw refusal;
                        }
                        writer.write(Message.ErrorReply.of(refusal));
                    }
                    responder.counted(reader.framedBytes() - received, writer.framedBytes() - sent);
                    received = reader.framedBytes();
                    sent = writer.framedBytes();
                    if (reader.available() == 0) {
                        writer.flush();
                    }
                } finally {
                    writing.unlock();
                }
            }
        } catch (EOFException e) {
            return new End(remote, EndKind.CLOSED, e);
        } catch (ProtocolException e) {
            tell(socket, writer, writing, e);
            return new End(remote, EndKind.VIOLATION, e);
        } catch (SocketTimeoutException e) {
            return new End(remote, EndKind.TIMEOUT, e);
        } catch (SocketException | ClosedChannelException e) {
            // A socket closed under a blocked read shows as a ClosedChannelException on some runtimes.
            return new End(remote, EndKind.NETWORK, e);
        } catch (IOException e) {
            if (isHangUp(e)) {
                return new End(remote, EndKind.NETWORK, e);
            }
            tell(socket, writer, writing, new ProtocolException(ErrorCode.INTERNAL, "the " + role + " failed: " + e));
            return new End(remote, EndKind.FAILURE, e);
        } catch (RuntimeException e) {
            tell(socket, writer, writing, new ProtocolException(ErrorCode.INTERNAL, "the " + role + " failed: " + e));
            return new End(remote, EndKind.FAILURE, e);
        }
    }

    /**
     * Whether {@code failure} is the connection's rather than this side's: a client that has what
     * it wanted, or was cancelled, hangs up without a word, and the next write or read fails. The
     * frame writer reports a failure to write to the connection as a {@link SocketException}
     * however the runtime words it, and TLS may wrap one, so the causes are what tells.
     */
    static boolean isHangUp(IOException failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SocketException || cause instanceof ClosedChannelException) {
                return true;
            }
        }
        return false;
    }

    private static Pusher pusher(FrameWriter writer, ReentrantLock writing) {
        return message -> {
            writing.lock();
            try {
                writer.write(message);
                writer.flush();
            } finally {
                writing.unlock();
            }
        };
    }

    /**
     * The payload of a request. Only {@code announce-partial} requests carry one (its size bounded
     * by the frame rules); the other types with a payload are answers, refused before their
     * payload is read.
     */
    private static byte[] readRequestPayload(FrameReader reader, Frame frame) throws IOException {
        if (frame.payloadLength() == 0) {
            return NO_PAYLOAD;
        }
        if (!(frame.message() instanceof Message.AnnouncePartial)) {
            throw new ProtocolException(ErrorCode.UNEXPECTED_MESSAGE, "a '"
                    + MessageCodec.typeName(frame.message().getClass()) + "' is an answer, not a request");
        }
        return reader.readPayload();
    }

    private static void handshake(Socket socket, String role, Duration timeout, FrameReader reader, FrameWriter writer,
            Responder responder) throws IOException {
        // The timeout bounds the whole hello, not only each silence: a client trickling it byte by
        // byte would otherwise hold this thread for ever.
        Message first = Deadlines.within(socket, timeout, "hello", () -> reader.next().message());
        if (!(first instanceof Message.Hello hello)) {
            throw new ProtocolException(ErrorCode.UNEXPECTED_MESSAGE, "the first message must be 'hello'");
        }
        if (hello.version() != Message.VERSION) {
            throw new ProtocolException(ErrorCode.UNSUPPORTED_VERSION, "this " + role + " speaks protocol version "
                    + Message.VERSION + ", not " + hello.version());
        }
        responder.admit();
        writer.send(new Message.Welcome(Message.VERSION, Release.agent()));
    }

    private static void tell(Socket socket, FrameWriter writer, ReentrantLock writing, ProtocolException failure) {
        try {
            // A push stuck on a side that does not read holds the writer; then closing says enough.
            if (!writing.tryLock(TELL_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try {
            if (writer == null || writer.cutShort() || socket.isClosed()) {
                // Nothing written after a frame cut short could be read; closing says enough.
                return;
            }
            writer.send(Message.ErrorReply.of(failure));
            SocketClose.lingering(socket);
        } catch (IOException e) {
            failure.addSuppressed(e);
        } finally {
            writing.unlock();
        }
    }
}
