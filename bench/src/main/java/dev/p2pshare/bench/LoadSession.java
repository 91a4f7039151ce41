package dev.p2pshare.bench;

import dev.p2pshare.protocol.ErrorCode;
import dev.p2pshare.protocol.FileEntry;
import dev.p2pshare.protocol.FileId;
import dev.p2pshare.protocol.Message;
import dev.p2pshare.protocol.ProtocolException;
import dev.p2pshare.protocol.tls.NodeIdentity;
import dev.p2pshare.protocol.tls.TlsLayer;
import dev.p2pshare.protocol.transport.ClientConversation;
import dev.p2pshare.protocol.transport.ErrorReplyException;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.SplittableRandom;

/**
 * One simulated peer's session with a tracker: its own identity and TLS connection, registered
 * with a few files, then sending what a peer sends. Requests are pipelined: each is written
 * without being sent, {@link #flush} sends those written, and {@link #readAnswer} reads and checks
 * the answers in the order of the requests. Used by one thread at a time; {@link #files} may be
 * read from any.
 */
final class LoadSession implements Closeable {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** The answer a request written expects. */
    private enum Expected {
        OK(Message.Ok.class),
        SEARCH_RESULT(Message.SearchResult.class),
        /** A {@code locate-result}, or a {@code not-found} error. */
        LOCATE_RESULT(Message.LocateResult.class);

        private final Class<? extends Message> type;

        Expected(Class<? extends Message> type) {
            this.type = type;
        }
    }

    private final ClientConversation conversation;
    private final Queue<Expected> expected = new ArrayDeque<>();
    private volatile List<FileEntry> files = List.of();

    private LoadSession(ClientConversation conversation) {
        this.conversation = conversation;
    }

    /**
     * Connects from {@code from} to the tracker at {@code address} as a new node, says hello and
     * registers {@code fileCount} files. Sessions come from several local addresses, as peers do:
     * the tracker lets one address hold only so many connections.
     */
    static LoadSession open(InetAddress from, InetSocketAddress address, String name, int fileCount,
            SplittableRandom random) throws IOException {
        Socket plain = new Socket();
        ClientConversation conversation;
        try {
            plain.bind(new InetSocketAddress(from, 0));
            plain.connect(address, (int) TIMEOUT.toMillis());
            plain.setSoTimeout((int) TIMEOUT.toMillis());
            conversation = ClientConversation.over(
                    new TlsLayer(NodeIdentity.generate(name)).connectOver(plain, "the tracker", Optional.empty()));
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
        LoadSession session = new LoadSession(conversation);
        try {
            conversation.handshake("p2pshare-bench", (theirs, ours) -> new ProtocolException(
                    ErrorCode.UNSUPPORTED_VERSION, "the tracker speaks protocol version " + theirs + ", the bench " + ours));
            List<FileEntry> files = new ArrayList<>();
            for (int i = 0; i < fileCount; i++) {
                files.add(newFile(random));
            }
            conversation.ask(new Message.Register(name, 7000, files), Message.Registered.class);
            session.files = List.copyOf(files);
            return session;
        } catch (IOException | RuntimeException e) {
            session.close();
            throw e;
        }
    }

    /** The files this session shares now; an immutable snapshot, safe to read from any thread. */
    List<FileEntry> files() {
        return files;
    }

    /** Writes a {@code heartbeat}, answered by {@code ok}. */
    void heartbeat() throws IOException {
        write(new Message.Heartbeat(), Expected.OK);
    }

    /** Writes a search for {@code query}, answered by its hits. */
    void search(String query) throws IOException {
        write(new Message.Search(query, 50), Expected.SEARCH_RESULT);
    }

    /**
     * Writes a locate of {@code id}, which another session shared a moment ago. It may have
     * replaced the file since, or not yet announced it, so {@code not-found} is an answer too.
     */
    void locate(FileId id) throws IOException {
        write(new Message.Locate(id.hex()), Expected.LOCATE_RESULT);
    }

    /**
     * Writes an announce that replaces one of its files with a new one, as a folder changes. The
     * session's {@link #files} change now: the tracker handles the requests of a connection in
     * order, so a later request of this session sees the change.
     */
    void replaceAFile(SplittableRandom random) throws IOException {
        List<FileEntry> changed = new ArrayList<>(files);
        FileEntry added = newFile(random);
        FileEntry removed = changed.isEmpty() ? null : changed.remove(random.nextInt(changed.size()));
        write(new Message.Announce(List.of(added), removed == null ? List.of() : List.of(removed.id())), Expected.OK);
        changed.add(added);
        files = List.copyOf(changed);
    }

    /**
     * Asks the tracker, and waits for its answer, whether it knows a source of file {@code id}.
     * Not pipelined: no request may be waiting for its answer.
     *
     * @return true if it names one or more sources, false if it has none or answers {@code not-found}
     * @throws IllegalStateException if a pipelined request is still waiting for its answer
     */
    boolean finds(FileId id) throws IOException {
        if (!expected.isEmpty()) {
            throw new IllegalStateException(expected.size() + " pipelined requests are waiting for their answers");
        }
        try {
            return !conversation.ask(new Message.Locate(id.hex()), Message.LocateResult.class).sources().isEmpty();
        } catch (ErrorReplyException refusal) {
            if (refusal.code() != ErrorCode.NOT_FOUND) {
                throw refusal;
            }
            return false;
        }
    }

    /** Sends every request written since the last flush, at once. */
    void flush() throws IOException {
        conversation.writer().flush();
    }

    /** Requests written and not yet answered. */
    int outstanding() {
        return expected.size();
    }

    /**
     * Reads the answer to the oldest request not yet answered and checks that it is the answer
     * that request expects.
     *
     * @throws IllegalStateException if every request is answered
     * @throws ErrorReplyException if the tracker refused the request
     * @throws ProtocolException if it answered with another type of message
     */
    void readAnswer() throws IOException {
        Expected next = expected.poll();
        if (next == null) {
            throw new IllegalStateException("no request is waiting for an answer");
        }
        try {
            conversation.answer(next.type);
        } catch (ErrorReplyException refusal) {
            if (next != Expected.LOCATE_RESULT || refusal.code() != ErrorCode.NOT_FOUND) {
                throw refusal;
            }
        }
    }

    private void write(Message request, Expected answer) throws IOException {
        conversation.writer().write(request);
        expected.add(answer);
    }

    private static FileEntry newFile(SplittableRandom random) {
        byte[] id = new byte[32];
        random.nextBytes(id);
        return new FileEntry(FileId.of(HexFormat.of().formatHex(id)), RealisticNames.fileName(random),
                1 + random.nextLong(4L << 30));
    }

    @Override
    public void close() throws IOException {
        conversation.close();
    }
}
