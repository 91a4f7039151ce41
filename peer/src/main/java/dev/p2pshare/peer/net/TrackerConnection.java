package dev.p2pshare.peer.net;

import dev.p2pshare.protocol.ErrorCode;
import dev.p2pshare.protocol.FailureReason;
import dev.p2pshare.protocol.Frame;
import dev.p2pshare.protocol.FrameReader;
import dev.p2pshare.protocol.FrameWriter;
import dev.p2pshare.protocol.Message;
import dev.p2pshare.protocol.MessageCodec;
import dev.p2pshare.protocol.NodeId;
import dev.p2pshare.protocol.ProtocolException;
import dev.p2pshare.protocol.Release;
import dev.p2pshare.protocol.tls.UnexpectedIdentityException;
import dev.p2pshare.protocol.transport.Answers;
import dev.p2pshare.protocol.transport.ClientConversation;
import dev.p2pshare.protocol.transport.ConnectionThreads;
import dev.p2pshare.protocol.transport.Endpoint;
import dev.p2pshare.protocol.transport.ErrorReplyException;
import dev.p2pshare.protocol.transport.Transport;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * One open connection to the tracker, past the handshake. Any thread may send a request and wait
 * for its answer; a reader thread matches answers to requests in order (the tracker answers in
 * the order it was asked), hands on the notices the tracker sends unasked, and notices at once
 * when the tracker goes away.
 */
final class TrackerConnection implements Closeable {

    private final ClientConversation conversation;
    private final FrameWriter writer;
    private final ReentrantLock sending = new ReentrantLock();
    private final Queue<CompletableFuture<Message>> waiting = new ConcurrentLinkedQueue<>();
    private final Consumer<IOException> onClosed;
    private final Consumer<Message.Notice> onNotice;
    private final ExecutorService readerThread;
    private volatile IOException closedBecause;

    private TrackerConnection(ClientConversation conversation, Consumer<IOException> onClosed,
            Consumer<Message.Notice> onNotice) {
        this.conversation = conversation;
        this.writer = conversation.writer();
        this.onClosed = onClosed;
        this.onNotice = onNotice;
        this.readerThread = ConnectionThreads.perTask("tracker-reader-");
    }

    /**
     * Connects, checks that the tracker proves the id {@code trust} expects of it (or trusts the
     * id it proves, the first time), and shakes hands.
     *
     * @param onClosed told once, from the reader thread, why the connection ended
     * @param onNotice given each notice the tracker sends, from the reader thread, in order
     * @throws UntrustedTrackerException if the tracker proved an id other than the trusted one
     */
    static TrackerConnection open(Transport transport, Endpoint tracker, TrackerTrust trust, Duration timeout,
            Consumer<IOException> onClosed, Consumer<Message.Notice> onNotice) throws IOException {
        Optional<NodeId> expected = trust.expected(tracker);
        Socket socket;
        try {
            socket = transport.connect(tracker.toSocketAddress(), "the tracker at " + tracker, expected);
        } catch (UnexpectedIdentityException e) {
            throw new UntrustedTrackerException(tracker, trust.file(), e);
        }
        try {
            Optional<NodeId> proved = Transport.remoteId(socket);
            if (expected.isEmpty() && proved.isPresent()) {
                trust.remember(tracker, proved.get());
            }
            socket.setSoTimeout((int) timeout.toMillis());
            ClientConversation conversation = ClientConversation.over(socket);
            conversation.handshake(Release.agent(), (theirs, ours) -> new ProtocolException(
                    ErrorCode.UNSUPPORTED_VERSION, "the tracker speaks protocol version " + theirs + ", this peer " + ours));
            // The tracker may say nothing between heartbeats; its silence is judged by request timeouts.
            socket.setSoTimeout(0);
            TrackerConnection connection = new TrackerConnection(conversation, onClosed, onNotice);
            connection.readerThread.execute(() -> connection.readAnswers(conversation.reader()));
            return connection;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * Sends {@code request} and waits up to {@code timeout} for its answer, which must be of
     * {@code type}.
     *
     * @throws ErrorReplyException if the tracker refused the request
     * @throws ProtocolException if it answered with another type of message
     * @throws IOException if the connection failed or the tracker did not answer in time (the
     *     connection is closed then, since later answers could no longer be matched)
     */
    <T extends Message> T request(Message request, Class<T> type, Duration timeout) throws IOException {
        return request(request, ByteBuffer.allocate(0), type, timeout);
    }

    /** As {@link #request(Message, Class, Duration)}, for a request that carries {@code payload}. */
    <T extends Message> T request(Message request, ByteBuffer payload, Class<T> type, Duration timeout)
            throws IOException {
        CompletableFuture<Message> answer = new CompletableFuture<>();
        lockForSending(timeout);
        try {
            throwIfClosed();
            waiting.add(answer);
            IOException closedMeanwhile = closedBecause;
            if (closedMeanwhile != null) {
                answer.completeExceptionally(closedMeanwhile);
            }
            writer.write(request, payload);
            writer.flush();
        } catch (IOException e) {
            fail(e);
            throw e;
        } finally {
            sending.unlock();
        }
        Message message;
        try {
            message = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            IOException failure = new IOException("the tracker did not answer within " + timeout.toSeconds() + " s");
            fail(failure);
            throw failure;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? new IOException(FailureReason.of(io), io)
                    : new IOException("the tracker connection failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the tracker", e);
        }
        return Answers.expect(message, type);
    }

    /** Whether the connection is still usable. */
    boolean isOpen() {
        return closedBecause == null;
    }

    /**
     * Takes the right to write. A write blocks while the tracker does not read; whoever waits
     * longer than {@code timeout} for it closes the connection, which also frees the blocked writer.
     */
    private void lockForSending(Duration timeout) throws IOException {
        boolean locked;
        try {
            locked = sending.tryLock(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting to send to the tracker", e);
        }
        if (!locked) {
            IOException stuck = new IOException("the tracker has not taken a request for "
                    + timeout.toSeconds() + " s");
            fail(stuck);
            throw stuck;
        }
    }

    private void readAnswers(FrameReader reader) {
        try {
            while (true) {
                Frame frame = reader.next();
                Message message = frame.message();
                if (frame.payloadLength() != 0) {
                    throw new ProtocolException(ErrorCode.UNEXPECTED_MESSAGE, "the tracker sent '"
                            + MessageCodec.typeName(message.getClass()) + "', which a tracker never sends");
                }
                if (message instanceof Message.Notice notice) {
                    onNotice.accept(notice);
                    continue;
                }
                CompletableFuture<Message> answer = waiting.poll();
                if (answer == null) {
                    throw new ProtocolException(ErrorCode.UNEXPECTED_MESSAGE, "the tracker sent '"
                            + MessageCodec.typeName(message.getClass()) + "' without being asked");
                }
                answer.complete(message);
            }
        } catch (EOFException e) {
            fail(new EOFException("the tracker closed the connection"));
        } catch (IOException e) {
            fail(e);
        } catch (RuntimeException e) {
            fail(new IOException("reading from the tracker failed: " + e, e));
        }
    }

    private void fail(IOException cause) {
        boolean first;
        synchronized (this) {
            first = closedBecause == null;
            if (first) {
                closedBecause = cause;
            }
        }
        if (!first) {
            return;
        }
        try {
            // The reader thread may be blocked on this socket: end it under that read.
            conversation.abort();
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
        CompletableFuture<Message> answer;
        while ((answer = waiting.poll()) != null) {
            answer.completeExceptionally(cause);
        }
        readerThread.shutdown();
        onClosed.accept(cause);
    }

    private void throwIfClosed() throws IOException {
        IOException cause = closedBecause;
        if (cause != null) {
            throw new IOException("the tracker connection is closed: " + FailureReason.of(cause), cause);
        }
    }

    @Override
    public void close() {
        fail(new IOException("closed by this peer"));
    }
}
