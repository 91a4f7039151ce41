package dev.p2pshare.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each message against its exact JSON text, both ways. */
class MessageGoldenTest {

    private static final String FILE_HEX = "46720e88f936d133da42bc02170ddd268966d986f7f76115dc08751e33a78ecb";
    private static final String PEER_HEX = "9c1b2f44d0a5e3c7b8a6f1e2d3c4b5a69788796a5b4c3d2e1f00112233445566";
    private static final FileId FILE = FileId.of(FILE_HEX);
    private static final NodeId PEER = NodeId.of(PEER_HEX);
    private static final FileEntry ENTRY = new FileEntry(FILE, "notes.txt", 6);
    private static final PeerEntry SOURCE = new PeerEntry(PEER, "alice", "192.168.1.20", 40123, 12);

    static Stream<Arguments> goldens() {
        return Stream.of(
                golden(new Message.Hello(1, "p2pshare/0.1.0"), "{\"type\":\"hello\",\"version\":1,\"agent\":\"p2pshare/0.1.0\"}"),
                golden(new Message.Welcome(1, "p2pshare/0.1.0"), "{\"type\":\"welcome\",\"version\":1,\"agent\":\"p2pshare/0.1.0\"}"),
                golden(new Message.ErrorReply(ErrorCode.NOT_FOUND, "no such file"),
                        "{\"type\":\"error\",\"code\":\"not-found\",\"detail\":\"no such file\"}"),
                golden(new Message.Register("alice", 40123, List.of(ENTRY)),
                        "{\"type\":\"register\",\"name\":\"alice\",\"port\":40123,\"files\":[{\"id\":\"" + FILE_HEX
                                + "\",\"name\":\"notes.txt\",\"size\":6}]}"),
                golden(new Message.Registered(PEER, "192.168.1.20", 30),
                        "{\"type\":\"registered\",\"peerId\":\"" + PEER_HEX + "\",\"host\":\"192.168.1.20\",\"ttlSeconds\":30}"),
                golden(new Message.Announce(List.of(ENTRY), List.of(FILE)),
                        "{\"type\":\"announce\",\"added\":[{\"id\":\"" + FILE_HEX + "\",\"name\":\"notes.txt\",\"size\":6}],"
                                + "\"removed\":[\"" + FILE_HEX + "\"]}"),
                golden(new Message.AnnouncePartial(ENTRY), "{\"type\":\"announce-partial\",\"file\":{\"id\":\""
                        + FILE_HEX + "\",\"name\":\"notes.txt\",\"size\":6}}"),
                golden(new Message.Heartbeat(), "{\"type\":\"heartbeat\"}"),
                golden(new Message.Unregister(), "{\"type\":\"unregister\"}"),
                golden(new Message.Ok(), "{\"type\":\"ok\"}"),
                golden(new Message.Search("holiday 2024", 100), "{\"type\":\"search\",\"query\":\"holiday 2024\",\"limit\":100}"),
                golden(new Message.SearchResult(List.of(new SearchHit(FILE, "notes.txt", 6, 2, 1)), false),
                        "{\"type\":\"search-result\",\"hits\":[{\"id\":\"" + FILE_HEX
                                + "\",\"name\":\"notes.txt\",\"size\":6,\"sources\":2,\"partialSources\":1}],"
                                + "\"truncated\":false}"),
                golden(new Message.Locate("46720e"), "{\"type\":\"locate\",\"idPrefix\":\"46720e\"}"),
                golden(new Message.LocateResult(ENTRY, List.of(new SourceEntry(SOURCE, false, 1))),
                        "{\"type\":\"locate-result\",\"file\":{\"id\":\"" + FILE_HEX + "\",\"name\":\"notes.txt\",\"size\":6},"
                                + "\"sources\":[{\"peer\":{\"id\":\"" + PEER_HEX
                                + "\",\"name\":\"alice\",\"host\":\"192.168.1.20\",\"port\":40123,\"files\":12},"
                                + "\"complete\":false,\"chunks\":1}]}"),
                golden(new Message.ListPeers(), "{\"type\":\"list-peers\"}"),
                golden(new Message.PeerList(List.of(SOURCE), true),
                        "{\"type\":\"peer-list\",\"peers\":[{\"id\":\"" + PEER_HEX
                                + "\",\"name\":\"alice\",\"host\":\"192.168.1.20\",\"port\":40123,\"files\":12}],\"truncated\":true}"),
                golden(new Message.CheckPeer(PEER), "{\"type\":\"check-peer\",\"id\":\"" + PEER_HEX + "\"}"),
                golden(new Message.PeerCheck(PEER, false, true), "{\"type\":\"peer-check\",\"id\":\"" + PEER_HEX
                        + "\",\"allowed\":false,\"restricted\":true}"),
                golden(new Message.ManifestRequest(FILE), "{\"type\":\"manifest-request\",\"id\":\"" + FILE_HEX + "\"}"),
                golden(new Message.ManifestData(FILE, 6), "{\"type\":\"manifest\",\"id\":\"" + FILE_HEX + "\",\"size\":6}"),
                golden(new Message.ChunkRequest(FILE, 3), "{\"type\":\"chunk-request\",\"id\":\"" + FILE_HEX + "\",\"index\":3}"),
                golden(new Message.ChunkData(FILE, 3), "{\"type\":\"chunk\",\"id\":\"" + FILE_HEX + "\",\"index\":3}"),
                golden(new Message.HaveRequest(FILE), "{\"type\":\"have-request\",\"id\":\"" + FILE_HEX + "\"}"),
                golden(new Message.HaveData(FILE, 6), "{\"type\":\"have\",\"id\":\"" + FILE_HEX + "\",\"size\":6}"),
                golden(new Message.Subscribe(false), "{\"type\":\"subscribe\",\"presence\":false}"),
                golden(new Message.Subscribe(true, true), "{\"type\":\"subscribe\",\"presence\":true,\"summaries\":true}"),
                golden(new Message.SendText(PEER, "hi"), "{\"type\":\"send-text\",\"to\":\"" + PEER_HEX
                        + "\",\"text\":\"hi\"}"),
                golden(new Message.BroadcastText("hi all"), "{\"type\":\"broadcast-text\",\"text\":\"hi all\"}"),
                golden(new Message.OfferFile(ENTRY), "{\"type\":\"offer-file\",\"file\":{\"id\":\"" + FILE_HEX + "\",\"name\":\"notes.txt\",\"size\":6}}"),
                golden(new Message.Relayed(2), "{\"type\":\"relayed\",\"peers\":2}"),
                golden(new Message.PeerJoined(SOURCE), "{\"type\":\"peer-joined\",\"peer\":{\"id\":\"" + PEER_HEX
                        + "\",\"name\":\"alice\",\"host\":\"192.168.1.20\",\"port\":40123,\"files\":12}}"),
                golden(new Message.PeerLeft(PEER, "alice"), "{\"type\":\"peer-left\",\"id\":\"" + PEER_HEX
                        + "\",\"name\":\"alice\"}"),
                golden(new Message.PresenceChanged(37, 5, 9964),
                        "{\"type\":\"presence-changed\",\"joined\":37,\"left\":5,\"online\":9964}"),
                golden(new Message.TextFrom(PEER, "alice", true, "hi all"), "{\"type\":\"text\",\"fromId\":\""
                        + PEER_HEX + "\",\"fromName\":\"alice\",\"toAll\":true,\"text\":\"hi all\"}"),
                golden(new Message.OfferFrom(PEER, "alice", ENTRY), "{\"type\":\"offer\",\"fromId\":\"" + PEER_HEX
                        + "\",\"fromName\":\"alice\",\"file\":{\"id\":\"" + FILE_HEX + "\",\"name\":\"notes.txt\",\"size\":6}}"),
                golden(new Message.Ping(7), "{\"type\":\"ping\",\"nonce\":7}"),
                golden(new Message.Pong(7), "{\"type\":\"pong\",\"nonce\":7}"));
    }

    private static Arguments golden(Message message, String json) {
        return Arguments.of(message, json);
    }

    @ParameterizedTest
    @MethodSource("goldens")
    void encodesToItsGoldenText(Message message, String json) {
        assertThat(new String(MessageCodec.encode(message), StandardCharsets.UTF_8)).isEqualTo(json);
    }

    @ParameterizedTest
    @MethodSource("goldens")
    void decodesFromItsGoldenText(Message message, String json) throws ProtocolException {
        assertThat(MessageCodec.decode(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(message);
    }

    @Test
    void everyMessageTypeHasAGolden() {
        Object[] covered = goldens().map(arguments -> arguments.get()[0].getClass()).distinct().toArray();
        assertThat(covered).containsExactlyInAnyOrder((Object[]) Message.class.getPermittedSubclasses());
    }

    @Test
    void subtypeListNamesExactlyThePermittedSubclasses() {
        Class<?>[] listed = Arrays.stream(Message.class.getAnnotation(JsonSubTypes.class).value())
                .map(JsonSubTypes.Type::value)
                .toArray(Class<?>[]::new);
        assertThat(listed).containsExactlyInAnyOrder(Message.class.getPermittedSubclasses());
    }

    @Test
    void typeNamesAreUniqueAndLowerCase() {
        List<String> names = Arrays.stream(Message.class.getAnnotation(JsonSubTypes.class).value())
                .map(JsonSubTypes.Type::name)
                .toList();
        assertThat(names).doesNotHaveDuplicates().allMatch(name -> name.matches("[a-z]+(-[a-z]+)*"));
    }

    @Test
    void nonAsciiNamesTravelAsUtf8NotEscapes() {
        byte[] json = MessageCodec.encode(new Message.Search("Fotos Ürlaub 東京", 10));
        assertThat(new String(json, StandardCharsets.UTF_8)).contains("Fotos Ürlaub 東京");
    }

    @Test
    void aMessageWithoutFieldsIsEncodedIntoAnArrayTheCallerOwns() {
        byte[] first = MessageCodec.encode(new Message.Ok());
        Arrays.fill(first, (byte) ' ');
        assertThat(new String(MessageCodec.encode(new Message.Ok()), StandardCharsets.UTF_8)).isEqualTo("{\"type\":\"ok\"}");
    }

    @Test
    void nonAsciiNamesAreDecodedAsUtf8() throws ProtocolException {
        Message search = new Message.Search("Fotos Ürlaub 東京", 10);
        assertThat(MessageCodec.decode(MessageCodec.encode(search))).isEqualTo(search);
    }
}
