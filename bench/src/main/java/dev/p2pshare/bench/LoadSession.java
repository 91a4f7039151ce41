package dev.p2pshare.bench;

import dev.p2pshare.protocol.ErrorCode;
import dev.p2pshare.protocol.FileEntry;
import dev.p2pshare.protocol.FileId;
import dev.p2pshare.protocol.FrameReader;
import dev.p2pshare.protocol.FrameWriter;
import dev.p2pshare.protocol.Message;
import dev.p2pshare.protocol.tls.NodeIdentity;
import dev.p2pshare.protocol.tls.TlsLayer;
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

    private final Socket socket;
    private final FrameReader reader;
    private final FrameWriter writer;
    private volatile List<FileEntry> files = List.of();

    private LoadSession(Socket socket) throws IOException {
        this.socket = socket;
        this.reader = new FrameReader(socket.getInputStream());
        this.writer = new FrameWriter(socket.getOutputStream());
    }

    /**
     * Connects from {@code from} to the tracker at {@code address} as a new node, says hello and
     * registers {@code fileCount} files. Sessions come from several local addresses, as peers do:
     * the tracker lets one address hold only so many connections.
     */
    static LoadSession open(InetAddress from, InetSocketAddress address, String name, int fileCount,
            SplittableRandom random) throws IOException {
        Socket plain = new Socket();
        Socket socket;
        try {
            plain.bind(new InetSocketAddress(from, 0));
            plain.connect(address, (int) TIMEOUT.toMillis());
            plain.setSoTimeout((int) TIMEOUT.toMillis());
            socket = new TlsLayer(NodeIdentity.generate(name)).connectOver(plain, "the tracker", Optional.empty());
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
        LoadSession session = new LoadSession(socket);
        try {
            session.expect(new Message.Hello(Message.VERSION, "p2pshare-bench"), Message.Welcome.class);
            List<FileEntry> files = new ArrayList<>();
            for (int i = 0; i < fileCount; i++) {
                files.add(newFile(random));
            }
            session.expect(new Message.Register(name, 7000, files), Message.Registered.class);
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
        expect(new Message.Heartbeat(), Message.Ok.class);
    }

    /** Searches; returns how many hits came back. */
    int search(String query) throws IOException {
        return expect(new Message.Search(query, 50), Message.SearchResult.class).hits().size();
    }

    /**
     * Locates {@code id}, which another session shared a moment ago. It may have replaced the file
     * since, so {@code not-found} is an answer too.
     */
    void locate(FileId id) throws IOException {
        writer.send(new Message.Locate(id.hex()));
        Message answer = reader.next().message();
        reader.skipPayload();
        if (!(answer instanceof Message.LocateResult)
                && !(answer instanceof Message.ErrorReply refusal && refusal.code() == ErrorCode.NOT_FOUND)) {
            throw new IOException("asked Locate, the tracker answered " + answer);
        }
    }

    /** Replaces one of its files with a new one, as a folder changes. */
    void replaceAFile(SplittableRandom random) throws IOException {
        List<FileEntry> changed = new ArrayList<>(files);
        FileEntry added = newFile(random);
        FileEntry removed = changed.isEmpty() ? null : changed.remove(random.nextInt(changed.size()));
        expect(new Message.Announce(List.of(added), removed == null ? List.of() : List.of(removed.id())),
                Message.Ok.class);
        changed.add(added);
        files = List.copyOf(changed);
    }

    private <T extends Message> T expect(Message request, Class<T> answerType) throws IOException {
        writer.send(request);
        Message answer = reader.next().message();
        reader.skipPayload();
        if (!answerType.isInstance(answer)) {
            throw new IOException("asked " + request.getClass().getSimpleName() + ", the tracker answered " + answer);
        }
        return answerType.cast(answer);
    }

    private static FileEntry newFile(SplittableRandom random) {
        byte[] id = new byte[32];
        random.nextBytes(id);
        return new FileEntry(FileId.of(HexFormat.of().formatHex(id)), RealisticNames.fileName(random),
                1 + random.nextLong(4L << 30));
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
