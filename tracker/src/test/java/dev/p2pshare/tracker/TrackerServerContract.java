package dev.p2pshare.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.p2pshare.protocol.ErrorCode;
import dev.p2pshare.protocol.FileEntry;
import dev.p2pshare.protocol.FileId;
import dev.p2pshare.protocol.Message;
import dev.p2pshare.protocol.PeerEntry;
import dev.p2pshare.protocol.Release;
import dev.p2pshare.protocol.SearchHit;
import dev.p2pshare.protocol.SourceEntry;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a tracker network does for its peers, run against one instance ({@link TrackerServerTest})
 * and two sharing Redis ({@link TrackerServerClusterTest}): real trackers on 127.0.0.1, spoken to
 * over sockets, with time moved by hand. Clients alternate between the instances of a cluster; a
 * test settles the network before it reads, through one client, what another changed.
 */
@Timeout(60)
abstract class TrackerServerContract {

    private static final Duration TTL = Duration.ofSeconds(30);
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static final FileEntry HOLIDAY = file("abcdef01", "Holiday 2024.zip", 123_456);
    private static final FileEntry TAXES = file("abcdef02", "taxes 2024.pdf", 789);

    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final TrackerNetwork.Starter starter;
    private TrackerNetwork network;
    private NetworkClients clients;

    TrackerServerContract(TrackerNetwork.Starter starter) {
        this.starter = starter;
    }

    @BeforeEach
    void startTracker() throws IOException {
        network = starter.start(TTL, clock);
        clients = new NetworkClients(network);
    }

    @AfterEach
    void stopTracker() throws IOException {
        // Null when the network did not start: a cluster's test is skipped without redis-server.
        if (clients != null) {
            clients.close();
        }
    }

    @Test
    void helloIsWelcomedWithVersionOne() throws IOException {
        Message.Welcome welcome = clients.connect().hello();

        assertThat(welcome).isEqualTo(new Message.Welcome(1, Release.agent()));
    }

    @Test
    void registerIsAnsweredWithTheAddressTheTrackerSawAndTheTtl() throws IOException {
        Message.Registered registered = greeted().register("alice", 7001, HOLIDAY);

        assertThat(registered.host()).isEqualTo("127.0.0.1");
        assertThat(registered.ttlSeconds()).isEqualTo(30);
        network.settle();
        assertThat(network.peerCount()).isEqualTo(1);
        assertThat(network.fileCount()).isEqualTo(1);
    }

    @Test
    void searchFindsARegisteredFileWithOneSource() throws IOException {
        greeted().register("alice", 7001, HOLIDAY, TAXES);
        network.settle();

        Message result = greeted().request(new Message.Search("holiday", 10));

        assertThat(result).isEqualTo(new Message.SearchResult(List.of(hit(HOLIDAY, 1)), false));
    }

    @Test
    void announcedFilesAreSearchableAndWithdrawnOnesAreNot() throws IOException {
        TrackerClient alice = greeted();
        alice.register("alice", 7001, HOLIDAY);

        Message answer = alice.request(new Message.Announce(List.of(TAXES), List.of(HOLIDAY.id())));

        assertThat(answer).isEqualTo(new Message.Ok());
        assertThat(alice.request(new Message.Search("2024", 10)))
                .isEqualTo(new Message.SearchResult(List.of(hit(TAXES, 1)), false));
    }

    @Test
    void locateBySixDigitPrefixGivesTheFileAndItsSourceAtTheDeclaredPort() throws IOException {
        Message.Registered alice = greeted().register("alice", 7001, HOLIDAY);
        greeted().register("bob", 7002, TAXES);
        network.settle();

        Message result = greeted().request(new Message.Locate(HOLIDAY.id().hex().substring(0, 8)));

        assertThat(result).isEqualTo(new Message.LocateResult(HOLIDAY,
                List.of(new SourceEntry(new PeerEntry(alice.peerId(), "alice", "127.0.0.1", 7001, 1), true, 1))));
    }

    @Test
    void ambiguousPrefixIsRefusedAndTheConnectionStaysUsable() throws IOException {
        greeted().register("alice", 7001, HOLIDAY, TAXES);
        TrackerClient asker = greeted();
        network.settle();

        Message refusal = asker.request(new Message.Locate("abcdef"));

        assertThat(refusal).isEqualTo(new Message.ErrorReply(ErrorCode.AMBIGUOUS,
                "more than one file's id starts with abcdef (abcdef010000, abcdef020000); give more digits"));
        assertThat(asker.request(new Message.Locate("abcdef02"), Message.LocateResult.class).file()).isEqualTo(TAXES);
    }

    @Test
    void unknownPrefixIsNotFound() throws IOException {
        greeted().register("alice", 7001, HOLIDAY);
        TrackerClient asker = greeted();
        network.settle();

        Message refusal = asker.request(new Message.Locate("012345"));

        assertThat(refusal).isEqualTo(new Message.ErrorReply(ErrorCode.NOT_FOUND,
                "no online peer shares a file whose id starts with 012345"));
        assertThat(asker.request(new Message.Search("holiday", 1))).isInstanceOf(Message.SearchResult.class);
    }

    @Test
    void listPeersListsEveryPeerByName() throws IOException {
        Message.Registered bob = greeted().register("bob", 7002, TAXES);
        Message.Registered alice = greeted().register("alice", 7001, HOLIDAY, TAXES);
        network.settle();

        Message list = greeted().request(new Message.ListPeers());

        assertThat(list).isEqualTo(new Message.PeerList(List.of(
                new PeerEntry(alice.peerId(), "alice", "127.0.0.1", 7001, 2),
                new PeerEntry(bob.peerId(), "bob", "127.0.0.1", 7002, 1)), false));
    }

    @Test
    void unregisterRemovesThePeerAtOnce() throws IOException {
        TrackerClient alice = greeted();
        alice.register("alice", 7001, HOLIDAY);

        Message answer = alice.request(new Message.Unregister());

        assertThat(answer).isEqualTo(new Message.Ok());
        network.settle();
        assertThat(network.peerCount()).isZero();
        assertThat(network.fileCount()).isZero();
        assertThat(alice.request(new Message.Search("holiday", 10)))
                .isEqualTo(new Message.SearchResult(List.of(), false));
    }

    @Test
    void closingTheConnectionRemovesThePeer() throws IOException {
        TrackerClient alice = greeted();
        alice.register("alice", 7001, HOLIDAY);
        greeted().register("bob", 7002, TAXES);

        alice.close();

        await().atMost(WAIT).until(() -> network.peerCount() == 1);
        network.settle();
        assertThat(network.fileCount()).isEqualTo(1);
        assertThat(greeted().request(new Message.ListPeers(), Message.PeerList.class).peers())
                .extracting(PeerEntry::name).containsExactly("bob");
    }

    @Test
    void silentPeerIsExpiredAfterTheTtlAndDisconnected() throws IOException {
        TrackerClient silent = greeted();
        silent.register("silent", 7001, HOLIDAY);
        TrackerClient lively = greeted();
        lively.register("lively", 7002, TAXES);

        clock.advance(TTL);
        lively.request(new Message.Heartbeat(), Message.Ok.class);
        network.sweepNow();
        network.settle();
        assertThat(network.peerCount()).as("a peer silent for exactly the ttl").isEqualTo(2);

        clock.advance(Duration.ofSeconds(1));
        network.sweepNow();

        network.settle();
        assertThat(network.peerCount()).isEqualTo(1);
        assertThat(lively.request(new Message.ListPeers(), Message.PeerList.class).peers())
                .extracting(PeerEntry::name).containsExactly("lively");
        assertThat(lively.request(new Message.Search("holiday", 10)))
                .isEqualTo(new Message.SearchResult(List.of(), false));
        assertThat(silent.receiveUnlessClosed()).as("what the expired peer reads").isEmpty();
    }

    @Test
    void anyRequestFromARegisteredPeerShowsItIsAlive() throws IOException {
        TrackerClient searcher = greeted();
        searcher.register("searcher", 7001, HOLIDAY);

        clock.advance(Duration.ofSeconds(20));
        searcher.request(new Message.Search("anything", 1), Message.SearchResult.class);
        clock.advance(Duration.ofSeconds(20));
        network.sweepNow();
        network.settle();
        assertThat(network.peerCount()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(11));
        network.sweepNow();
        network.settle();
        assertThat(network.peerCount()).isZero();
    }

    @Test
    void heartbeatBeforeRegisterIsRefusedAndTheConnectionStaysOpen() throws IOException {
        TrackerClient early = greeted();

        Message refusal = early.request(new Message.Heartbeat());

        assertThat(refusal).isEqualTo(new Message.ErrorReply(ErrorCode.NOT_REGISTERED, "register first"));
        assertThat(early.register("early", 7001, HOLIDAY).host()).isEqualTo("127.0.0.1");
        assertThat(early.request(new Message.Heartbeat())).isEqualTo(new Message.Ok());
    }

    @Test
    void secondRegisterOnOneConnectionIsAConflict() throws IOException {
        TrackerClient alice = greeted();
        Message.Registered first = alice.register("alice", 7001, HOLIDAY);

        Message refusal = alice.request(new Message.Register("alice-again", 7002, List.of(TAXES)));

        assertThat(refusal).isEqualTo(new Message.ErrorReply(ErrorCode.CONFLICT,
                "this connection is already registered as alice (" + first.peerId().shortHex() + ")"));
        assertThat(alice.request(new Message.ListPeers())).isEqualTo(new Message.PeerList(
                List.of(new PeerEntry(first.peerId(), "alice", "127.0.0.1", 7001, 1)), false));
        network.settle();
        assertThat(network.fileCount()).isEqualTo(1);
    }

    @Test
    void registerWithAnotherSizeIsAcceptedAndTheFirstSizeStaysListed() throws IOException {
        greeted().register("alice", 7001, HOLIDAY);
        TrackerClient bob = greeted();
        // The first size is the one listed wherever bob registers: his instance must know alice's.
        network.settle();

        bob.register("bob", 7002, new FileEntry(HOLIDAY.id(), HOLIDAY.name(), 1));

        Message.LocateResult located = (Message.LocateResult) bob.request(new Message.Locate(HOLIDAY.id().hex()));
        assertThat(located.file().size()).isEqualTo(HOLIDAY.size());
        assertThat(located.sources()).extracting(source -> source.peer().name()).containsExactlyInAnyOrder("alice", "bob");
    }

    private TrackerClient greeted() throws IOException {
        TrackerClient client = clients.connect();
        client.hello();
        return client;
    }

    private static SearchHit hit(FileEntry file, int sources) {
        return new SearchHit(file.id(), file.name(), file.size(), sources, 0);
    }

    /** A file whose id starts with {@code prefix} and goes on with zeros. */
    private static FileEntry file(String prefix, String name, long size) {
        return new FileEntry(FileId.of(prefix + "0".repeat(64 - prefix.length())), name, size);
    }
}
