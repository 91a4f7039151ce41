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
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * One simulated peer's session with a tracker: its own identity and TLS connection, registered
 * with a few files, then sending what a peer sends. Used by one thread at a time.
 */
final class LoadSession implements Closeable {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final ClientConversation conversation;
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

    void heartbeat() throws IOException {
        conversation.ask(new Message.Heartbeat(), Message.Ok.class);
    }

    /** Searches; returns how many hits came back. */
    int search(String query) throws IOException {
        return conversation.ask(new Message.Search(query, 50), Message.SearchResult.class).hits().size();
    }

    /**
     * Locates {@code id}, which another session shared a moment ago. It may have replaced the file
     * since, so {@code not-found} is an answer too.
     */
    void locate(FileId id) throws IOException {
        try {
            conversation.ask(new Message.Locate(id.hex()), Message.LocateResult.class);
        } catch (ErrorReplyException refusal) {
            if (refusal.code() != ErrorCode.NOT_FOUND) {
                throw refusal;
            }
        }
    }

    /** Replaces one of its files with a new one, as a folder changes. */
    void replaceAFile(SplittableRandom random) throws IOException {
        List<FileEntry> changed = new ArrayList<>(files);
        FileEntry added = newFile(random);
        FileEntry removed = changed.isEmpty() ? null : changed.remove(random.nextInt(changed.size()));
        conversation.ask(new Message.Announce(List.of(added), removed == null ? List.of() : List.of(removed.id())),
                Message.Ok.class);
        changed.add(added);
        files = List.copyOf(changed);
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
