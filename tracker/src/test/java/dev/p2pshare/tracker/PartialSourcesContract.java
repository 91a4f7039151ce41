package dev.p2pshare.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.p2pshare.protocol.ErrorCode;
import dev.p2pshare.protocol.FileEntry;
import dev.p2pshare.protocol.FileId;
import dev.p2pshare.protocol.Manifest;
import dev.p2pshare.protocol.Message;
import dev.p2pshare.protocol.SearchHit;
import dev.p2pshare.protocol.SourceEntry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Peers that are downloading a file, listed as partial sources of it: by one instance
 * ({@link PartialSourcesTest}) and by two sharing Redis ({@link PartialSourcesClusterTest}),
 * clients alternating between them.
 */
@Timeout(30)
abstract class PartialSourcesContract {

    /** A file of 10 chunks, so its bitfield is 2 bytes. */
    private static final FileEntry MOVIE = new FileEntry(FileId.of("cd".repeat(32)), "movie.mkv",
            10L * Manifest.CHUNK_SIZE);
    /** Chunks 0, 1 and 9. */
    private static final byte[] THREE_CHUNKS = {(byte) 0xC0, 0x40};

    private final TrackerNetwork.Starter starter;
    private TrackerNetwork network;
    private NetworkClients clients;

    PartialSourcesContract(TrackerNetwork.Starter starter) {
        this.starter = starter;
    }

    @BeforeEach
    void start() throws IOException {
        network = starter.start(Duration.ofSeconds(30), Clock.systemUTC());
        clients = new NetworkClients(network);
    }

    @AfterEach
    void stop() throws IOException {
        // Null when the network did not start: a cluster's test is skipped without redis-server.
        if (clients != null) {
            clients.close();
        }
    }

    private TrackerClient registered(String name, int port, FileEntry... files) throws IOException {
        TrackerClient client = clients.connect();
        client.hello();
        client.register(name, port, files);
        return client;
    }

    @Test
    void downloadingPeerIsListedAsPartialWithTheChunksItHas() throws IOException {
        try (TrackerClient seeder = registered("seeder", 7001, MOVIE);
                TrackerClient leecher = registered("leecher", 7002)) {
            assertThat(leecher.request(new Message.AnnouncePartial(MOVIE), THREE_CHUNKS)).isEqualTo(new Message.Ok());
            network.settle();

            Message.LocateResult located = seeder.request(new Message.Locate("cdcdcd"), Message.LocateResult.class);
            assertThat(located.sources()).extracting(SourceEntry::complete, SourceEntry::chunks,
                            source -> source.peer().name())
                    .containsExactly(Tuple.tuple(true, 10, "seeder"),
                            Tuple.tuple(false, 3, "leecher"));
            assertThat(seeder.request(new Message.Search("movie", 10), Message.SearchResult.class).hits())
                    .containsExactly(new SearchHit(MOVIE.id(), "movie.mkv", MOVIE.size(), 1, 1));
        }
    }

    @Test
    void fileAnnouncedWholeReplacesThePartialListingAndIsNotDowngraded() throws IOException {
        try (TrackerClient leecher = registered("leecher", 7002)) {
            leecher.request(new Message.AnnouncePartial(MOVIE), THREE_CHUNKS);
            leecher.request(new Message.Announce(List.of(MOVIE), List.of()), Message.Ok.class);
            leecher.request(new Message.AnnouncePartial(MOVIE), THREE_CHUNKS);

            Message.LocateResult located = leecher.request(new Message.Locate("cdcdcd"), Message.LocateResult.class);
            assertThat(located.sources()).singleElement().satisfies(source -> {
                assertThat(source.complete()).isTrue();
                assertThat(source.chunks()).isEqualTo(10);
            });
        }
    }

    @Test
    void partialListingEndsWithTheSessionOrWhenRemoved() throws IOException {
        try (TrackerClient leecher = registered("leecher", 7002)) {
            leecher.request(new Message.AnnouncePartial(MOVIE), THREE_CHUNKS);
            leecher.request(new Message.Announce(List.of(), List.of(MOVIE.id())), Message.Ok.class);
            network.settle();
            assertThat(network.fileCount()).isZero();
        }
    }

    @Test
    void bitfieldThatSetsChunksPastTheEndIsABadMessage() throws IOException {
        try (TrackerClient leecher = registered("leecher", 7002)) {
            Message answer = leecher.request(new Message.AnnouncePartial(MOVIE), new byte[] {0, 0x01});
            assertThat(answer).isInstanceOf(Message.ErrorReply.class)
                    .extracting(reply -> ((Message.ErrorReply) reply).code()).isEqualTo(ErrorCode.BAD_MESSAGE);
            assertThat(leecher.receiveUnlessClosed()).isEmpty();
        }
        network.settle();
        assertThat(network.fileCount()).isZero();
    }

    @Test
    void partialAnnouncementNeedsARegistration() throws IOException {
        try (TrackerClient stranger = clients.connect()) {
            stranger.hello();
            assertThat(stranger.request(new Message.AnnouncePartial(MOVIE), THREE_CHUNKS))
                    .isEqualTo(new Message.ErrorReply(ErrorCode.NOT_REGISTERED, "register first"));
        }
    }

    @Test
    void answerTypesWithAPayloadAreRefusedAsRequestsWithoutReadingThePayload() throws IOException {
        try (TrackerClient client = clients.connect()) {
            client.hello();
            Message answer = client.request(new Message.ChunkData(MOVIE.id(), 0), new byte[1000]);
            assertThat(answer).isEqualTo(new Message.ErrorReply(ErrorCode.UNEXPECTED_MESSAGE,
                    "a 'chunk' is an answer, not a request"));
        }
    }
}
