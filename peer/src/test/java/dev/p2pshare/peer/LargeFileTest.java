package dev.p2pshare.peer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.p2pshare.peer.net.SourceConnection;
import dev.p2pshare.protocol.Manifest;
import dev.p2pshare.protocol.PeerEntry;
import dev.p2pshare.protocol.SearchHit;
import dev.p2pshare.protocol.tls.NodeIdentity;
import dev.p2pshare.protocol.tls.TlsLayer;
import dev.p2pshare.protocol.transport.Transport;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file past 10 GiB, made sparse so that the test costs hashing time rather than disk: it is
 * indexed, announced with its exact size, and served with a manifest and chunks that verify, the
 * last chunk included (offsets past 2^31 and 2^32).
 */
@Timeout(300)
class LargeFileTest {

    private static final long SIZE = (10L << 30) + 12_345;
    private static final byte[] TAIL = "the very end".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path temp;

    @Test
    void tenGibibyteFileIsIndexedAnnouncedAndServedVerifiably() throws Exception {
        try (TestNetwork network = new TestNetwork(temp)) {
            try (RandomAccessFile file = new RandomAccessFile(network.folder("alice").resolve("disk.img").toFile(), "rw")) {
                file.setLength(SIZE);
                file.seek(SIZE - TAIL.length);
                file.write(TAIL);
            }
            Peer alice = network.startPeer("alice");
            Peer carol = network.startPeer("carol");

            SearchHit hit = carol.fetching().search("disk.img").hits().get(0);
            assertThat(hit.size()).isEqualTo(SIZE);
            PeerEntry source = carol.fetching().resolve(hit.id().hex(), java.util.List.of()).located().sources().get(0).peer();
            assertThat(source.port()).isEqualTo(alice.serving().port());

            try (SourceConnection connection = SourceConnection.open(
                    Transport.tls(new TlsLayer(NodeIdentity.generate("reader"))), source)) {
                Manifest manifest = connection.manifest(hit.id(), SourceConnection.HANDSHAKE_LIMIT);
                assertThat(manifest.size()).isEqualTo(SIZE);
                assertThat(manifest.chunkCount()).isEqualTo(10_241);
                ByteBuffer buffer = ByteBuffer.allocateDirect(Manifest.CHUNK_SIZE);
                for (int index : new int[] {0, 4096, 10_240}) {
                    connection.requestChunk(hit.id(), index);
                    connection.flush();
                    connection.readChunk(hit.id(), index, manifest.chunkLength(index), buffer.clear());
                    assertThat(manifest.chunkMatches(index, buffer.flip())).isTrue();
                }
                int lastLength = manifest.chunkLength(10_240);
                assertThat(lastLength).isEqualTo(12_345);
                byte[] tail = new byte[TAIL.length];
                buffer.get(lastLength - TAIL.length, tail);
                assertThat(new String(tail, StandardCharsets.US_ASCII)).isEqualTo("the very end");
            }
        }
    }
}
