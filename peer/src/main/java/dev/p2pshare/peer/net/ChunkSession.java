package dev.p2pshare.peer.net;

import dev.p2pshare.peer.folder.SharedFile;
import dev.p2pshare.peer.folder.SharedFiles;
import dev.p2pshare.protocol.ErrorCode;
import dev.p2pshare.protocol.FileId;
import dev.p2pshare.protocol.FrameWriter;
import dev.p2pshare.protocol.Manifest;
import dev.p2pshare.protocol.Message;
import dev.p2pshare.protocol.MessageCodec;
import dev.p2pshare.protocol.ProtocolException;
import dev.p2pshare.protocol.transport.ServerConversation;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection from another peer, from {@code hello} to close: answers manifest and chunk
 * requests in order, for files this peer shares and nothing else.
 *
 * <p>Only files in {@link SharedFiles} are served, looked up by id: a request cannot name a path.
 * A chunk is read from the file as it is now; if the file changed since it was hashed, the
 * requester's hash check rejects the chunk.
 */
final class ChunkSession {

    private static final Logger log = LoggerFactory.getLogger(ChunkSession.class);

    private final Socket socket;
    private final SharedFiles files;
    private final ServingStats stats;
    private final Duration handshakeTimeout;
    /** Allocated on the first chunk request, so that idle connections cost no chunk's worth of memory. */
    private byte[] buffer;
    private SharedFile openFile;
    private FileChannel openChannel;

    ChunkSession(Socket socket, SharedFiles files, ServingStats stats, Duration handshakeTimeout) {
        this.socket = socket;
        this.files = files;
        this.stats = stats;
        this.handshakeTimeout = handshakeTimeout;
    }

    /** Serves the connection until it closes; never throws. */
    void serve() {
        stats.connectionOpened();
        try {
            ServerConversation.End end = ServerConversation.run(socket, "peer", handshakeTimeout, this::answer);
            // Anyone can connect and misbehave: only this side's own failures are worth a warning,
            // so that a stranger cannot flood the log.
            if (end.kind() == ServerConversation.EndKind.FAILURE) {
                log.warn(end.describe(), end.cause());
            } else {
                log.debug(end.describe());
            }
        } finally {
            closeOpenFile();
            stats.connectionClosed();
        }
    }

    private void answer(Message request, FrameWriter writer) throws IOException {
        if (request instanceof Message.ManifestRequest manifestRequest) {
            SharedFile file = shared(manifestRequest.id());
            writer.write(new Message.ManifestData(file.id(), file.size()), file.manifest().hashes());
        } else if (request instanceof Message.ChunkRequest chunkRequest) {
            SharedFile file = shared(chunkRequest.id());
            Manifest manifest = file.manifest();
            int index = chunkRequest.index();
            if (index >= manifest.chunkCount()) {
                throw new ProtocolException(ErrorCode.OUT_OF_RANGE, "file " + file.id().shortHex() + " has "
                        + manifest.chunkCount() + " chunks; there is no chunk " + index);
            }
            int length = manifest.chunkLength(index);
            readChunk(file, manifest.chunkOffset(index), length);
            writer.write(new Message.ChunkData(file.id(), index), ByteBuffer.wrap(buffer, 0, length));
            stats.chunkServed(length);
        } else {
            throw new ProtocolException(ErrorCode.UNEXPECTED_MESSAGE,
                    "a peer does not accept '" + MessageCodec.typeName(request.getClass()) + "' messages");
        }
    }

    private SharedFile shared(FileId id) throws ProtocolException {
        return files.get(id).orElseThrow(() -> new ProtocolException(ErrorCode.NOT_FOUND,
                "this peer does not share file " + id.shortHex()));
    }

    private void readChunk(SharedFile file, long offset, int length) throws IOException {
        if (buffer == null) {
            buffer = new byte[Manifest.CHUNK_SIZE];
        }
        FileChannel channel = channelFor(file);
        ByteBuffer target = ByteBuffer.wrap(buffer, 0, length);
        while (target.hasRemaining()) {
            if (channel.read(target, offset + target.position()) < 0) {
                throw new ProtocolException(ErrorCode.NOT_FOUND, "file " + file.id().shortHex()
                        + " changed on this peer's disk and is no longer available");
            }
        }
    }

    private FileChannel channelFor(SharedFile file) throws IOException {
        if (file != openFile) {
            closeOpenFile();
            try {
                // A link put in the file's place after it was indexed could lead outside the folder.
                openChannel = FileChannel.open(file.path(), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                throw new ProtocolException(ErrorCode.NOT_FOUND, "file " + file.id().shortHex()
                        + " is no longer readable on this peer", e);
            }
            openFile = file;
        }
        return openChannel;
    }

    private void closeOpenFile() {
        if (openChannel != null) {
            try {
                openChannel.close();
            } catch (IOException e) {
                log.debug("closing {} failed: {}", openFile.path(), e.toString());
            }
            openChannel = null;
            openFile = null;
        }
    }
}
