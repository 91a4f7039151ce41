package dev.p2pshare.peer.net;

import dev.p2pshare.protocol.Bitfields;
import dev.p2pshare.protocol.ErrorCode;
import dev.p2pshare.protocol.FileId;
import dev.p2pshare.protocol.FrameWriter;
import dev.p2pshare.protocol.Manifest;
import dev.p2pshare.protocol.Message;
import dev.p2pshare.protocol.MessageCodec;
import dev.p2pshare.protocol.NodeId;
import dev.p2pshare.protocol.Printable;
import dev.p2pshare.protocol.ProtocolException;
import dev.p2pshare.protocol.transport.ServerConversation;
import dev.p2pshare.protocol.transport.Transport;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection from another peer, from {@code hello} to close: answers manifest, have and
 * chunk requests in order, for files this peer shares and nothing else, and pings.
 *
 * <p>Only files that {@link ServedFiles} finds are served, looked up by id: a request cannot name
 * a path. A file still downloading is served chunk by chunk as its chunks are verified.
 * A chunk of a whole file is sent only while the file is the one hashed (its stamp unchanged):
 * a file changed since is answered {@code not-found}, and one that changes while a chunk is read
 * has that chunk cut short (the stamp is checked again once the chunk is read, before its last
 * bytes go), so that no requester gets a chunk that fails its check from an honest peer. Two
 * looks at the file's attributes per 1 MiB chunk.
 */
final class ChunkSession implements ServerConversation.Responder {

    private static final Logger log = LoggerFactory.getLogger(ChunkSession.class);

    private final Socket socket;
    private final ServedFiles files;
    private final Predicate<NodeId> admits;
    private final ServingStats stats;
    private final RateLimit limit;
    private final Duration handshakeTimeout;
    private Path openPath;
    private FileChannel openChannel;

    ChunkSession(Socket socket, ServedFiles files, Predicate<NodeId> admits, ServingStats stats, RateLimit limit,
            Duration handshakeTimeout) {
        this.socket = socket;
        this.files = files;
        this.admits = admits;
        this.stats = stats;
        this.limit = limit;
        this.handshakeTimeout = handshakeTimeout;
    }

    /** Serves the connection until it closes; never throws. */
    void serve() {
        stats.connectionOpened();
        try {
            ServerConversation.run(socket, "peer", handshakeTimeout, this).log(log);
        } finally {
            closeOpenFile();
            stats.connectionClosed();
        }
    }

    /**
     * Turns the node away, in place of {@code welcome} or of an answer, unless it may be served:
     * asked before the handshake ends and again at every request, so that a node taken off a
     * private network's allow list is cut off on a connection already open too.
     */
    @Override
    public void admit() throws ProtocolException {
        Optional<NodeId> remote = Transport.remoteId(socket);
        if (remote.isPresent() && !admits.test(remote.get())) {
            throw new ProtocolException(ErrorCode.NOT_ALLOWED, "this peer serves only the peers on its tracker's"
                    + " allow list, and " + remote.get().grouped() + " is not on it");
        }
    }

    @Override
    public void answer(Message request, byte[] payload, FrameWriter writer) throws IOException {
        admit();
        if (request instanceof Message.Ping ping) {
            writer.write(new Message.Pong(ping.nonce()));
        } else if (request instanceof Message.ManifestRequest manifestRequest) {
            Manifest manifest = served(manifestRequest.id()).manifest();
            writer.write(new Message.ManifestData(manifest.id(), manifest.size()), manifest.hashes());
        } else if (request instanceof Message.HaveRequest haveRequest) {
            ServedFile file = served(haveRequest.id());
            long size = file.manifest().size();
            writer.write(new Message.HaveData(haveRequest.id(), size),
                    ByteBuffer.wrap(Bitfields.encode(file.have().get(), size)));
        } else if (request instanceof Message.ChunkRequest chunkRequest) {
            ServedFile file = served(chunkRequest.id());
            Manifest manifest = file.manifest();
            int index = chunkRequest.index();
            if (index >= manifest.chunkCount()) {
                throw new ProtocolException(ErrorCode.OUT_OF_RANGE, "file " + manifest.id().shortHex() + " has "
                        + manifest.chunkCount() + " chunks; there is no chunk " + index);
            }
            if (!file.has().test(index)) {
                throw new ProtocolException(ErrorCode.MISSING_CHUNK, "this peer is still downloading "
                        + manifest.id().shortHex() + " and does not have chunk " + index + " yet");
            }
            int length = manifest.chunkLength(index);
            try {
                limit.acquire(length);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while keeping to the upload limit", e);
            }
            long offset = manifest.chunkOffset(index);
            FileChannel channel = channelFor(file);
            if (!file.unchanged().getAsBoolean()) {
                throw new ProtocolException(ErrorCode.NOT_FOUND, "file " + manifest.id().shortHex()
                        + " changed on this peer's disk since it was hashed; it is shared under its new id once it"
                        + " settles");
            }
            if (channel.size() < offset + length) {
                throw new ProtocolException(ErrorCode.NOT_FOUND, "file " + manifest.id().shortHex()
                        + " changed on this peer's disk and is no longer available");
            }
            // Straight from the page cache to the socket; a file that shrinks or changes meanwhile
            // cuts the frame short, and the connection ends: checked once the chunk is read, before
            // its last bytes go, so that no requester gets a chunk that fails its check from an
            // honest peer.
            writer.write(new Message.ChunkData(manifest.id(), index), channel, offset, length, () -> {
                if (!file.unchanged().getAsBoolean()) {
                    throw new IOException("file " + manifest.id().shortHex() + " changed on this peer's disk while"
                            + " chunk " + index + " was read; the chunk was not sent whole");
                }
            });
            stats.chunkServed(length);
        } else {
            throw new ProtocolException(ErrorCode.UNEXPECTED_MESSAGE,
                    "a peer does not accept '" + MessageCodec.typeName(request.getClass()) + "' messages");
        }
    }

    private ServedFile served(FileId id) throws ProtocolException {
        return files.find(id).orElseThrow(() -> new ProtocolException(ErrorCode.NOT_FOUND,
                "this peer does not share file " + id.shortHex()));
    }

    private FileChannel channelFor(ServedFile file) throws IOException {
        if (!file.path().equals(openPath)) {
            closeOpenFile();
            try {
                // A link put in the file's place after it was indexed could lead outside the folder.
                openChannel = FileChannel.open(file.path(), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                throw new ProtocolException(ErrorCode.NOT_FOUND, "file " + file.manifest().id().shortHex()
                        + " is no longer readable on this peer", e);
            }
            openPath = file.path();
        }
        return openChannel;
    }

    private void closeOpenFile() {
        if (openChannel != null) {
            try {
                openChannel.close();
            } catch (IOException e) {
                log.debug("closing {} failed: {}", Printable.escape(openPath), Printable.escape(e));
            }
            openChannel = null;
            openPath = null;
        }
    }
}
