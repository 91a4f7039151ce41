package dev.p2pshare.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.p2pshare.protocol.ErrorCode;
import dev.p2pshare.protocol.FileEntry;
import dev.p2pshare.protocol.FileId;
import dev.p2pshare.protocol.Message;
import dev.p2pshare.protocol.SearchHit;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The stage of every attack on the tracker: a tracker with a peer registered before the attack,
 * and the checks each attack must pass. An attack must earn the attacker an {@code error} with
 * the exact code, then the end of its connection, and must leave every other session served: the
 * peer that registered before it and one that registers after it. The attacks come over TLS, as
 * any client with a certificate could send them, so that they reach the frame decoder.
 */
abstract class TrackerUnderAttack {

    static final FileEntry SHARED = new FileEntry(FileId.of("5".repeat(64)), "shared movie.mkv", 9_999);

    Tracker tracker;
    private TrackerClient bystander;

    @BeforeEach
    void startTrackerWithABystander() throws IOException {
        tracker = TestTrackers.onLoopback();
        bystander = TrackerClient.connect(tracker.port());
        bystander.hello();
        bystander.register("bystander", 7001, SHARED);
    }

    @AfterEach
    void stopTracker() throws IOException {
        bystander.close();
        tracker.close();
    }

    /** A new connection, over TLS as a new node, that has said hello. */
    TrackerClient greetedAttacker() throws IOException {
        TrackerClient attacker = TrackerClient.connect(tracker.port());
        attacker.hello();
        return attacker;
    }

    /** The attacker is told why, with {@code code} and a detail containing {@code detailPart}, then cut off. */
    static void assertRefusedAndDisconnected(TrackerClient attacker, ErrorCode code, String detailPart)
            throws IOException {
        Message answer = attacker.receive();
        assertThat(answer).isInstanceOfSatisfying(Message.ErrorReply.class, error -> {
            assertThat(error.code()).isEqualTo(code);
            assertThat(error.detail()).contains(detailPart);
        });
        assertThat(attacker.receiveUnlessClosed()).as("what the attacker reads after the error").isEmpty();
    }

    /** The bystander is still served, and a newcomer can register beside it and find the file they share. */
    void assertHonestPeersAreStillServed() throws IOException {
        Message.Search search = new Message.Search("movie", 10);
        assertThat(bystander.request(search)).isEqualTo(new Message.SearchResult(List.of(hit(1)), false));
        try (TrackerClient newcomer = TrackerClient.connect(tracker.port())) {
            newcomer.hello();
            newcomer.register("newcomer", 7002, SHARED);
            assertThat(newcomer.request(search)).isEqualTo(new Message.SearchResult(List.of(hit(2)), false));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> tracker.peerCount() == 1);
    }

    private static SearchHit hit(int sources) {
        return new SearchHit(SHARED.id(), SHARED.name(), SHARED.size(), sources, 0);
    }

    static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A frame with an honest header length and no payload. */
    static byte[] frame(String header) {
        byte[] bytes = json(header);
        return frame(bytes.length, 0, bytes, new byte[0]);
    }

    /** A frame whose declared lengths may lie about the bytes that follow. */
    static byte[] frame(long headerLength, long payloadLength, byte[] header, byte[] payload) {
        return ByteBuffer.allocate(8 + header.length + payload.length)
                .put(lengths(headerLength, payloadLength)).put(header).put(payload).array();
    }

    /** The 8 bytes that open a frame: header length and payload length, unsigned 32-bit big-endian. */
    static byte[] lengths(long headerLength, long payloadLength) {
        return ByteBuffer.allocate(8).putInt((int) headerLength).putInt((int) payloadLength).array();
    }
}
