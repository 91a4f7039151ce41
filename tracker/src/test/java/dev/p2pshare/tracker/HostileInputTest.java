package dev.p2pshare.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import dev.p2pshare.protocol.tls.NodeIdentity;

import dev.p2pshare.protocol.ErrorCode;
import dev.p2pshare.protocol.FileEntry;
import dev.p2pshare.protocol.FileId;
import dev.p2pshare.protocol.Limits;
import dev.p2pshare.protocol.Message;
import dev.p2pshare.protocol.NodeId;
import dev.p2pshare.protocol.SearchHit;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bytes no honest peer sends. Each attack must earn the attacker an {@code error} with the exact
 * code, then the end of its connection, and must leave every other session served: a peer that
 * registered before the attack and one that registers after it.
 */
@Timeout(60)
class HostileInputTest {

    private static final FileEntry SHARED = new FileEntry(FileId.of("5".repeat(64)), "shared movie.mkv", 9_999);

    private Tracker tracker;
    private TrackerClient bystander;

    @BeforeEach
    void startTrackerWithABystander() throws IOException {
        tracker = Tracker.start(new TrackerConfig(InetAddress.getByName("127.0.0.1"), 0, Duration.ofSeconds(30),
                Duration.ofSeconds(1), Clock.systemUTC(), NodeIdentity.generate("tracker")));
        bystander = TrackerClient.connect(tracker.port());
        bystander.hello();
        bystander.register("bystander", 7001, SHARED);
    }

    @AfterEach
    void stopTracker() throws IOException {
        bystander.close();
        tracker.close();
    }

    @Nested
    class BrokenFrames {

        @Test
        void garbageIsABadFrame() throws IOException {
            byte[] garbage = new byte[512];
            new Random(20_260_101).nextBytes(garbage);
            // A first byte of 1 or more declares a header of at least 16 MiB.
            garbage[0] = (byte) 0x9c;
            try (TrackerClient attacker = TrackerClient.connect(tracker.port())) {
                attacker.sendRaw(garbage);

                assertRefusedAndDisconnected(attacker, ErrorCode.BAD_FRAME, "is outside 2 to 1048576");
            }
            assertHonestPeersAreStillServed();
        }

        @Test
        void headerLengthOverOneMebibyteIsABadFrame() throws IOException {
            try (TrackerClient attacker = greetedAttacker()) {
                attacker.sendRaw(lengths(Limits.MAX_HEADER_BYTES + 1L, 0));

                assertRefusedAndDisconnected(attacker, ErrorCode.BAD_FRAME,
                        "header length 1048577 is outside 2 to 1048576");
            }
            assertHonestPeersAreStillServed();
        }

        @Test
        void headerLengthWithEveryBitSetIsABadFrameNotANegativeNumber() throws IOException {
            try (TrackerClient attacker = greetedAttacker()) {
                attacker.sendRaw(lengths(0xFFFF_FFFFL, 0));

                assertRefusedAndDisconnected(attacker, ErrorCode.BAD_FRAME,
                        "header length 4294967295 is outside 2 to 1048576");
            }
            assertHonestPeersAreStillServed();
        }

        @Test
        void payloadLengthOverTheLimitIsABadFrame() throws IOException {
            byte[] header = json("{\"type\":\"list-peers\"}");
            try (TrackerClient attacker = greetedAttacker()) {
                attacker.sendRaw(frame(header.length, Limits.MAX_PAYLOAD_BYTES + 1L, header, new byte[0]));

                assertRefusedAndDisconnected(attacker, ErrorCode.BAD_FRAME,
                        "payload length " + (Limits.MAX_PAYLOAD_BYTES + 1L) + " is over the limit of "
                                + Limits.MAX_PAYLOAD_BYTES);
            }
            assertHonestPeersAreStillServed();
        }

        @Test
        void payloadOnAMessageThatTakesNoneIsABadFrame() throws IOException {
            byte[] header = json("{\"type\":\"list-peers\"}");
            try (TrackerClient attacker = greetedAttacker()) {
                attacker.sendRaw(frame(header.length, 4, header, new byte[] {1, 2, 3, 4}));

                assertRefusedAndDisconnected(attacker, ErrorCode.BAD_FRAME,
                        "a 'list-peers' message carries no payload, not 4 bytes");
            }
            assertHonestPeersAreStillServed();
        }

        @Test
        void frameCutShortByAHalfCloseIsABadFrame() throws IOException {
            byte[] header = json("{\"type\":\"list-peers\"}");
            try (TrackerClient attacker = greetedAttacker()) {
                attacker.sendRaw(Arrays.copyOf(frame(header.length, 0, header, new byte[0]), 8 + 10));
                attacker.shutdownOutput();

                assertRefusedAndDisconnected(attacker, ErrorCode.BAD_FRAME,
                        "the stream ended inside a header (10 of " + header.length + " bytes)");
            }
            assertHonestPeersAreStillServed();
        }

        @Test
        void frameCutShortByAClosedConnectionEndsOnlyThatSession() throws IOException {
            byte[] header = json("{\"type\":\"list-peers\"}");
            try (TrackerClient attacker = greetedAttacker()) {
                attacker.register("attacker", 7666, SHARED);
                attacker.sendRaw(Arrays.copyOf(frame(header.length, 0, header, new byte[0]), 5));
            }

            await().atMost(Duration.ofSeconds(20)).until(() -> tracker.peerCount() == 1);
            assertHonestPeersAreStillServed();
        }
    }

    @Nested
    class BrokenMessages {

        @Test
        void invalidJsonIsABadMessage() throws IOException {
            try (TrackerClient attacker = greetedAttacker()) {
                attacker.sendRaw(frame("{\"type\": \"search\", \"query\": "));

                assertRefusedAndDisconnected(attacker, ErrorCode.BAD_MESSAGE, "invalid message: ");
            }
            assertHonestPeersAreStillServed();
        }

        @ParameterizedTest
        @ValueSource(strings = {"null", "[]", "42", "\"list-peers\"", "true", "[\"list-peers\",{}]"})
        void jsonThatIsNotAnObjectIsABadMessage(String notAnObject) throws IOException {
            try (TrackerClient attacker = greetedAttacker()) {
                attacker.sendRaw(frame(notAnObject));

                assertRefusedAndDisconnected(attacker, ErrorCode.BAD_MESSAGE, "a message is a JSON object, not ");
            }
            assertHonestPeersAreStillServed();
        }

        @Test
        void unknownTypeIsABadMessage() throws IOException {
            try (TrackerClient attacker = greetedAttacker()) {
                attacker.sendRaw(frame("{\"type\":\"teleport\",\"to\":\"mars\"}"));

                assertRefusedAndDisconnected(attacker, ErrorCode.BAD_MESSAGE, "unknown message type 'teleport'");
            }
            assertHonestPeersAreStillServed();
        }

        @Test
        void missingRequiredFieldIsABadMessage() throws IOException {
            try (TrackerClient attacker = greetedAttacker()) {
                attacker.sendRaw(frame("{\"type\":\"search\",\"query\":\"movie\"}"));

                assertRefusedAndDisconnected(attacker, ErrorCode.BAD_MESSAGE,
                        "invalid message: Missing creator property 'limit'");
            }
            assertHonestPeersAreStillServed();
        }
    }

    @Nested
    class MessagesOutOfPlace {

        @Test
        void requestBeforeHelloIsUnexpected() throws IOException {
            try (TrackerClient attacker = TrackerClient.connect(tracker.port())) {
                attacker.send(new Message.Search("movie", 10));

                assertRefusedAndDisconnected(attacker, ErrorCode.UNEXPECTED_MESSAGE, "the first message must be 'hello'");
            }
            assertHonestPeersAreStillServed();
        }

        @Test
        void helloWithVersionTwoIsUnsupported() throws IOException {
            try (TrackerClient attacker = TrackerClient.connect(tracker.port())) {
                attacker.send(new Message.Hello(2, "from-the-future"));

                assertRefusedAndDisconnected(attacker, ErrorCode.UNSUPPORTED_VERSION,
                        "this tracker speaks protocol version 1, not 2");
            }
            assertHonestPeersAreStillServed();
        }

        @ParameterizedTest
        @MethodSource("dev.p2pshare.tracker.HostileInputTest#messagesATrackerNeverAccepts")
        void messageATrackerNeverAcceptsIsUnexpected(Message message) throws IOException {
            try (TrackerClient attacker = greetedAttacker()) {
                attacker.send(message);

                assertRefusedAndDisconnected(attacker, ErrorCode.UNEXPECTED_MESSAGE, "a tracker does not accept '");
            }
            assertHonestPeersAreStillServed();
        }
    }

    static Stream<Message> messagesATrackerNeverAccepts() {
        FileId id = SHARED.id();
        return Stream.of(
                new Message.ChunkRequest(id, 0),
                new Message.ManifestRequest(id),
                new Message.Hello(1, "second-hello"),
                new Message.Welcome(1, "confused"),
                new Message.Ok(),
                new Message.Registered(NodeId.of("e".repeat(64)), "10.0.0.1", 30),
                new Message.ErrorReply(ErrorCode.INTERNAL, "echo"));
    }

    private TrackerClient greetedAttacker() throws IOException {
        TrackerClient attacker = TrackerClient.connect(tracker.port());
        attacker.hello();
        return attacker;
    }

    /** The attacker is told why, with {@code code} and a detail containing {@code detailPart}, then cut off. */
    private static void assertRefusedAndDisconnected(TrackerClient attacker, ErrorCode code, String detailPart)
            throws IOException {
        Message answer = attacker.receive();
        assertThat(answer).isInstanceOfSatisfying(Message.ErrorReply.class, error -> {
            assertThat(error.code()).isEqualTo(code);
            assertThat(error.detail()).contains(detailPart);
        });
        assertThat(attacker.receiveUnlessClosed()).as("what the attacker reads after the error").isEmpty();
    }

    /** The bystander is still served, and a newcomer can register beside it and find the file they share. */
    private void assertHonestPeersAreStillServed() throws IOException {
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

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A frame with an honest header length and no payload. */
    private static byte[] frame(String header) {
        byte[] bytes = json(header);
        return frame(bytes.length, 0, bytes, new byte[0]);
    }

    /** A frame whose declared lengths may lie about the bytes that follow. */
    private static byte[] frame(long headerLength, long payloadLength, byte[] header, byte[] payload) {
        return ByteBuffer.allocate(8 + header.length + payload.length)
                .put(lengths(headerLength, payloadLength)).put(header).put(payload).array();
    }

    /** The 8 bytes that open a frame: header length and payload length, unsigned 32-bit big-endian. */
    private static byte[] lengths(long headerLength, long payloadLength) {
        return ByteBuffer.allocate(8).putInt((int) headerLength).putInt((int) payloadLength).array();
    }
}
