package dev.p2pshare.peer.transfer;

import dev.p2pshare.protocol.Bitfields;
import dev.p2pshare.protocol.ErrorCode;
import dev.p2pshare.protocol.FileEntry;
import dev.p2pshare.protocol.FrameReader;
import dev.p2pshare.protocol.FrameWriter;
import dev.p2pshare.protocol.Manifest;
import dev.p2pshare.protocol.Message;
import dev.p2pshare.protocol.NodeId;
import dev.p2pshare.protocol.PeerEntry;
import dev.p2pshare.protocol.ProtocolException;
import dev.p2pshare.protocol.SourceEntry;
import dev.p2pshare.protocol.transport.ConnectionServer;
import dev.p2pshare.protocol.transport.ServerConversation;
import dev.p2pshare.protocol.tls.NodeIdentity;
import dev.p2pshare.protocol.tls.TlsLayer;
import dev.p2pshare.protocol.transport.Transport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A source that serves one file's manifest and chunks, honestly or in one chosen way dishonestly,
 * for tests of what a download does with each. It may hold only some of the chunks, like a peer
 * that is still downloading.
 */
final class FakeSource implements AutoCloseable {

    /** How the source behaves. */
    enum Behaviour {
        HONEST,
        /** Honest, at about 20 chunks a second, like a source on a slow link. */
        HONEST_AND_SLOW,
        /** As {@link #HONEST_AND_SLOW}, but listed as a peer still downloading the file, though it holds every chunk. */
        SLOW_AND_LISTED_AS_DOWNLOADING,
        /** Sends chunk 1 with one byte flipped. */
        CORRUPTS_CHUNK_ONE,
        /** Sends every chunk with one byte flipped. */
        CORRUPTS_EVERY_CHUNK,
        /** Closes the connection without a word after sending two chunks. */
        DIES_AFTER_TWO_CHUNKS,
        /** Sends one chunk, then nothing more, keeping the connection open. */
        STALLS_AFTER_ONE_CHUNK,
        /** Sends a manifest whose hashes do not add up to the file id. */
        LIES_ABOUT_THE_MANIFEST,
        /** Sends the honest hashes under a size one chunk larger than theirs, in a frame written by hand. */
        LIES_ABOUT_THE_SIZE,
        /** Sends every chunk one byte short. */
        SENDS_SHORT_CHUNKS,
        /** Answers a request for chunk N with the bytes of chunk N + 1, labelled N. */
        SENDS_ANOTHER_CHUNK,
        /** Says it does not have the file. */
        DOES_NOT_HAVE_IT,
        /** Accepts the connection and never says a word, not even its {@code welcome}. */
        SILENT,
        /** Sends its {@code welcome} one byte a second. */
        TRICKLES_THE_WELCOME,
        /** Sends its {@code welcome}, then never answers anything. */
        STALLS_AFTER_THE_WELCOME,
        /** Sends the manifest one byte a second. */
        TRICKLES_THE_MANIFEST,
        /** Sends the manifest, then never answers a chunk request. */
        STALLS_AFTER_THE_MANIFEST,
        /** Sends chunks one byte a second. */
        TRICKLES_CHUNKS,
        /** Says it has every chunk, as a peer still downloading, and answers every chunk request {@code missing-chunk}. */
        CLAIMS_CHUNKS_IT_NEVER_SENDS,
    }

    private final String name;
    private final byte[] content;
    private final Manifest manifest;
    private final Behaviour behaviour;
    private final BitSet holds;
    private final Optional<NodeIdentity> identity;
    private final ConnectionServer server;
    private final AtomicInteger chunksSent = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger haveRequests = new AtomicInteger();
    private volatile CompletableFuture<Void> chunkGate = CompletableFuture.completedFuture(null);

    FakeSource(String name, byte[] content, Behaviour behaviour) throws IOException {
        this(name, content, behaviour, all(manifestOf(content).chunkCount()));
    }

    /** A source that holds only the chunks in {@code holds}. */
    FakeSource(String name, byte[] content, Behaviour behaviour, BitSet holds) throws IOException {
        this(name, content, behaviour, holds, Optional.empty());
    }

    /**
     * A source that holds only the chunks in {@code holds}, over TLS with {@code identity} if
     * there is one, as peers talk, or over plain TCP.
     */
    FakeSource(String name, byte[] content, Behaviour behaviour, BitSet holds, Optional<NodeIdentity> identity)
            throws IOException {
        this.name = name;
        this.content = content;
        this.manifest = manifestOf(content);
        this.behaviour = behaviour;
        this.holds = (BitSet) holds.clone();
        this.identity = identity;
        Transport transport = identity.map(tls -> Transport.tls(new TlsLayer(tls))).orElseGet(Transport::plaintext);
        this.server = ConnectionServer.start("fake", transport, InetAddress.getLoopbackAddress(), 0, 16, this::serve,
                failure -> { });
    }

    private void serve(Socket socket) {
        connections.incrementAndGet();
        try {
            if (behaviour == Behaviour.SILENT) {
                readUntilHungUp(socket);
            } else if (behaviour == Behaviour.TRICKLES_THE_WELCOME) {
                new FrameReader(socket.getInputStream()).next();
                trickle(socket, new Message.Welcome(Message.VERSION, "fake"), ByteBuffer.allocate(0));
            } else {
                ServerConversation.run(socket, "peer", Duration.ofSeconds(5),
                        (request, payload, writer) -> answer(socket, request, writer));
            }
        } catch (IOException e) {
            // The downloader hung up on a source that misbehaves on purpose: that is the point.
            return;
        }
    }

    /** Reads what the other side sends and answers nothing, until it hangs up. */
    private static void readUntilHungUp(Socket socket) throws IOException {
        while (socket.getInputStream().read() >= 0) {
            continue;
        }
    }

    /** Sends one frame a byte a second: the pace of a trickle, not a wait for anything. */
    private static void trickle(Socket socket, Message message, ByteBuffer payload) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        FrameWriter encoder = new FrameWriter(frame);
        encoder.write(message, payload);
        encoder.flush();
        for (byte b : frame.toByteArray()) {
            socket.getOutputStream().write(b);
            socket.getOutputStream().flush();
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while trickling");
            }
        }
    }

    static Manifest manifestOf(byte[] content) {
        Manifest.Builder builder = new Manifest.Builder(content.length);
        for (int index = 0; index < Manifest.chunkCount(content.length); index++) {
            builder.addChunk(content, index * Manifest.CHUNK_SIZE, Manifest.chunkLength(content.length, index));
        }
        return builder.build();
    }

    static BitSet all(int chunks) {
        BitSet all = new BitSet(chunks);
        all.set(0, chunks);
        return all;
    }

    Manifest manifest() {
        return manifest;
    }

    FileEntry entry(String fileName) {
        return new FileEntry(manifest.id(), fileName, content.length);
    }

    /** This source as the tracker would list it. */
    SourceEntry asSource() {
        String hex = HexFormat.of().formatHex(Arrays.copyOf(name.getBytes(StandardCharsets.UTF_8), 32));
        NodeId id = identity.map(NodeIdentity::id).orElseGet(() -> NodeId.of(hex));
        PeerEntry peer = new PeerEntry(id, name, "127.0.0.1", server.port(), 1);
        boolean complete = holds.cardinality() == manifest.chunkCount()
                && behaviour != Behaviour.CLAIMS_CHUNKS_IT_NEVER_SENDS
                && behaviour != Behaviour.SLOW_AND_LISTED_AS_DOWNLOADING;
        return new SourceEntry(peer, complete, holds.cardinality());
    }

    int chunksSent() {
        return chunksSent.get();
    }

    /** How many times this source was asked which chunks it has. */
    int haveRequests() {
        return haveRequests.get();
    }

    /** How many connections were made to this source. */
    int connections() {
        return connections.get();
    }

    private void answer(Socket socket, Message request, FrameWriter writer) throws IOException {
        if (behaviour == Behaviour.DOES_NOT_HAVE_IT) {
            throw new ProtocolException(ErrorCode.NOT_FOUND, "this peer does not share that file");
        }
        if (behaviour == Behaviour.STALLS_AFTER_THE_WELCOME
                || behaviour == Behaviour.STALLS_AFTER_THE_MANIFEST && request instanceof Message.ChunkRequest) {
            writer.flush();
            readUntilHungUp(socket);
            throw new SocketException("the downloader hung up on the stalled fake source");
        }
        if (behaviour == Behaviour.TRICKLES_THE_MANIFEST && request instanceof Message.ManifestRequest) {
            writer.flush();
            trickle(socket, new Message.ManifestData(manifest.id(), manifest.size()), manifest.hashes());
            return;
        }
        if (request instanceof Message.ManifestRequest) {
            ByteBuffer hashes = manifest.hashes();
            if (behaviour == Behaviour.LIES_ABOUT_THE_MANIFEST) {
                byte[] forged = new byte[hashes.remaining()];
                hashes.get(forged);
                forged[0] ^= 1;
                hashes = ByteBuffer.wrap(forged);
            }
            if (behaviour == Behaviour.LIES_ABOUT_THE_SIZE) {
                writer.flush();
                sendRaw(socket, "{\"type\":\"manifest\",\"id\":\"" + manifest.id().hex() + "\",\"size\":"
                        + (manifest.size() + Manifest.CHUNK_SIZE) + "}", hashes);
                return;
            }
            writer.write(new Message.ManifestData(manifest.id(), manifest.size()), hashes);
        } else if (request instanceof Message.HaveRequest) {
            haveRequests.incrementAndGet();
            writer.write(new Message.HaveData(manifest.id(), manifest.size()),
                    ByteBuffer.wrap(Bitfields.encode(holds, manifest.size())));
        } else if (request instanceof Message.ChunkRequest chunk) {
            answerChunk(socket, chunk, writer);
        } else {
            throw new ProtocolException(ErrorCode.UNEXPECTED_MESSAGE, "not a peer request");
        }
    }

    /** Writes a frame as given, with nothing checked: a header and a payload no honest writer would pair. */
    private static void sendRaw(Socket socket, String header, ByteBuffer payload) throws IOException {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer frame = ByteBuffer.allocate(8 + json.length + payload.remaining())
                .putInt(json.length).putInt(payload.remaining()).put(json).put(payload);
        socket.getOutputStream().write(frame.array());
        socket.getOutputStream().flush();
    }

    /** Holds back every chunk answer from now until {@link #releaseChunks}. */
    void holdChunks() {
        chunkGate = new CompletableFuture<>();
    }

    /** Lets held chunk answers go. */
    void releaseChunks() {
        chunkGate.complete(null);
    }

    private void awaitChunkGate() throws IOException {
        try {
            chunkGate.get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while holding a chunk back");
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("chunks held back for too long", e);
        }
    }

    /** Holds a chunk back for 50 ms: the pace of a slow link, not a wait for anything. */
    private static void pace() throws IOException {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while pacing");
        }
    }

    private void answerChunk(Socket socket, Message.ChunkRequest chunk, FrameWriter writer) throws IOException {
        if (!chunkGate.isDone()) {
            writer.flush();
            awaitChunkGate();
        }
        if (!holds.get(chunk.index()) || behaviour == Behaviour.CLAIMS_CHUNKS_IT_NEVER_SENDS) {
            throw new ProtocolException(ErrorCode.MISSING_CHUNK, "no chunk " + chunk.index() + " yet");
        }
        if (behaviour == Behaviour.STALLS_AFTER_ONE_CHUNK && chunksSent.get() == 1) {
            writer.flush();
            while (socket.getInputStream().read() >= 0) {
                // Reads the other side's requests and never answers them, until it hangs up.
                continue;
            }
            throw new SocketException("the downloader hung up on the stalled fake source");
        }
        if (behaviour == Behaviour.DIES_AFTER_TWO_CHUNKS && chunksSent.get() == 2) {
            writer.flush();
            socket.close();
            throw new SocketException("the fake source died");
        }
        if (behaviour == Behaviour.HONEST_AND_SLOW || behaviour == Behaviour.SLOW_AND_LISTED_AS_DOWNLOADING) {
            writer.flush();
            pace();
        }
        int index = behaviour == Behaviour.SENDS_ANOTHER_CHUNK
                ? (chunk.index() + 1) % manifest.chunkCount() : chunk.index();
        int offset = index * Manifest.CHUNK_SIZE;
        int length = manifest.chunkLength(index) - (behaviour == Behaviour.SENDS_SHORT_CHUNKS ? 1 : 0);
        byte[] bytes = Arrays.copyOfRange(content, offset, offset + length);
        if (behaviour == Behaviour.CORRUPTS_EVERY_CHUNK
                || behaviour == Behaviour.CORRUPTS_CHUNK_ONE && chunk.index() == 1) {
            bytes[0] ^= 1;
        }
        if (behaviour == Behaviour.TRICKLES_CHUNKS) {
            writer.flush();
            trickle(socket, new Message.ChunkData(chunk.id(), chunk.index()), ByteBuffer.wrap(bytes));
            return;
        }
        writer.write(new Message.ChunkData(chunk.id(), chunk.index()), ByteBuffer.wrap(bytes));
        chunksSent.incrementAndGet();
    }

    @Override
    public void close() {
        server.close();
    }
}
