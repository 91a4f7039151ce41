package dev.p2pshare.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.p2pshare.protocol.ErrorCode;
import dev.p2pshare.protocol.FileEntry;
import dev.p2pshare.protocol.FileId;
import dev.p2pshare.protocol.Message;
import dev.p2pshare.protocol.tls.NodeIdentity;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Texts, offers and presence notices pass between subscribed sessions, from the sender's proven
 * id, to every peer online at the time, and a session that does not read holds up nobody else:
 * on one instance ({@link RelayTest}) and between two sharing Redis ({@link RelayClusterTest}),
 * clients alternating between them.
 */
@Timeout(60)
abstract class RelayContract {

    private static final FileEntry SONG = new FileEntry(FileId.of("ab".repeat(32)), "song.flac", 1000);

    private final NodeIdentity alice = NodeIdentity.generate("alice");
    private final NodeIdentity bob = NodeIdentity.generate("bob");
    private final NodeIdentity carol = NodeIdentity.generate("carol");
    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final TrackerNetwork.Starter starter;
    private TrackerNetwork network;
    private NetworkClients clients;

    RelayContract(TrackerNetwork.Starter starter) {
        this.starter = starter;
    }

    @BeforeEach
    void start() throws IOException {
        // A day's ttl: the clock moves only to refill the senders' allowances, and nobody expires.
        network = starter.start(Duration.ofDays(1), clock);
        clients = new NetworkClients(network);
    }

    @AfterEach
    void stop() throws IOException {
        // Null when the network did not start: a cluster's test is skipped without redis-server.
        if (clients != null) {
            clients.close();
        }
    }

    @Test
    void textReachesItsRecipientUnderTheSendersProvenIdAndName() throws IOException {
        TrackerClient fromAlice = subscribed(alice, "alice", false);
        TrackerClient toBob = subscribed(bob, "bob", false);
        network.settle();

        Message.Relayed relayed = fromAlice.request(new Message.SendText(bob.id(), "hello bob"), Message.Relayed.class);

        assertThat(relayed.peers()).isEqualTo(1);
        assertThat(toBob.receive()).isEqualTo(new Message.TextFrom(alice.id(), "alice", false, "hello bob"));
    }

    @Test
    void aSenderCannotClaimAnotherId() throws IOException {
        TrackerClient fromAlice = subscribed(alice, "alice", false);
        TrackerClient toBob = subscribed(bob, "bob", false);
        network.settle();
        String forged = "{\"type\":\"send-text\",\"to\":\"" + bob.id().hex() + "\",\"text\":\"it is carol\","
                + "\"fromId\":\"" + carol.id().hex() + "\",\"fromName\":\"carol\"}";

        fromAlice.sendRaw(frame(forged));

        assertThat(fromAlice.receive()).isEqualTo(new Message.Relayed(1));
        assertThat(toBob.receive()).isEqualTo(new Message.TextFrom(alice.id(), "alice", false, "it is carol"));
    }

    @Test
    void broadcastReachesEveryOtherSubscribedPeerIncludingOnesThatJoinedLater() throws IOException {
        TrackerClient fromAlice = subscribed(alice, "alice", false);
        TrackerClient toBob = subscribed(bob, "bob", false);
        network.settle();

        assertThat(fromAlice.request(new Message.BroadcastText("first"), Message.Relayed.class).peers()).isEqualTo(1);
        TrackerClient toCarol = subscribed(carol, "carol", false);
        network.settle();
        assertThat(fromAlice.request(new Message.BroadcastText("second"), Message.Relayed.class).peers()).isEqualTo(2);

        assertThat(toBob.receive()).isEqualTo(new Message.TextFrom(alice.id(), "alice", true, "first"));
        assertThat(toBob.receive()).isEqualTo(new Message.TextFrom(alice.id(), "alice", true, "second"));
        assertThat(toCarol.receive()).isEqualTo(new Message.TextFrom(alice.id(), "alice", true, "second"));
        // Alice's next message is the answer to her next request: she was not sent her own broadcast.
        assertThat(fromAlice.request(new Message.Heartbeat())).isEqualTo(new Message.Ok());
    }

    @Test
    void subscribersWithPresenceHearWhoJoinsAndLeavesAndQuietOnesDoNot() throws IOException {
        TrackerClient quiet = subscribed(carol, "carol", false);
        TrackerClient watching = subscribed(alice, "alice", true);
        // Carol's join is not told to alice: it reached alice's instance before she subscribed.
        network.settle();

        TrackerClient joining = registered(bob, "bob");
        Message joined = watching.receive();
        assertThat(joined).isInstanceOfSatisfying(Message.PeerJoined.class, notice -> {
            assertThat(notice.peer().id()).isEqualTo(bob.id());
            assertThat(notice.peer().name()).isEqualTo("bob");
            assertThat(notice.peer().port()).isEqualTo(7001);
        });
        joining.request(new Message.Unregister(), Message.Ok.class);
        assertThat(watching.receive()).isEqualTo(new Message.PeerLeft(bob.id(), "bob"));

        // Notices to one session keep their order: a presence notice would come before this text.
        watching.request(new Message.SendText(carol.id(), "only this"), Message.Relayed.class);
        assertThat(quiet.receive()).isEqualTo(new Message.TextFrom(alice.id(), "alice", false, "only this"));
    }

    @Test
    void pastTheThresholdOnlyThoseWhoAskedGetASummaryOfTheJoinsNotToldOneByOne() throws IOException {
        TrackerClient watching = subscribed(alice, "alice", true);
        network.settle();
        TrackerClient summarised = registered(bob, "bob");
        summarised.request(new Message.Subscribe(true, true), Message.Ok.class);
        assertThat(watching.receive()).isInstanceOf(Message.PeerJoined.class);
        // Every instance counts alice's and bob's joins in the interval that ends here.
        network.settle();
        clock.advance(PresenceGate.INTERVAL);
        int beyond = 3;
        int joining = PresenceGate.MOST_TOLD_PER_INTERVAL + beyond;

        for (int i = 0; i < joining; i++) {
            registered(NodeIdentity.generate("peer-" + i), "peer-" + i);
        }

        for (int i = 0; i < PresenceGate.MOST_TOLD_PER_INTERVAL; i++) {
            assertThat(watching.receive()).isInstanceOf(Message.PeerJoined.class);
            assertThat(summarised.receive()).isInstanceOf(Message.PeerJoined.class);
        }
        assertThat(summarised.receive()).isEqualTo(new Message.PresenceChanged(beyond, 0, 2 + joining));
        // The other's next message answers its next request: it was sent no summary, nor the joins held.
        assertThat(watching.request(new Message.Heartbeat())).isEqualTo(new Message.Ok());
    }

    @Test
    void aPeerWhoseConnectionDropsIsAnnouncedAsLeft() throws IOException {
        TrackerClient watching = subscribed(alice, "alice", true);
        TrackerClient dropping = registered(bob, "bob");
        assertThat(watching.receive()).isInstanceOf(Message.PeerJoined.class);

        dropping.close();

        assertThat(watching.receive()).isEqualTo(new Message.PeerLeft(bob.id(), "bob"));
    }

    @Test
    void anOfferNeedsTheFileSharedWholeAndReachesTheOthers() throws IOException {
        TrackerClient offering = subscribed(alice, "alice", false);
        TrackerClient toBob = subscribed(bob, "bob", false);
        FileEntry notShared = new FileEntry(FileId.of("cd".repeat(32)), "other.flac", 10);
        network.settle();

        assertThat(offering.request(new Message.OfferFile(notShared)))
                .isInstanceOfSatisfying(Message.ErrorReply.class, error -> assertThat(error.code())
                        .isEqualTo(ErrorCode.NOT_FOUND));
        offering.request(new Message.Announce(List.of(SONG), List.of()), Message.Ok.class);
        assertThat(offering.request(new Message.OfferFile(SONG), Message.Relayed.class).peers()).isEqualTo(1);

        assertThat(toBob.receive()).isEqualTo(new Message.OfferFrom(alice.id(), "alice", SONG));
        FileEntry disguised = new FileEntry(SONG.id(), "harmless.txt", 12);
        assertThat(offering.request(new Message.OfferFile(disguised), Message.Relayed.class).peers()).isEqualTo(1);
        assertThat(toBob.receive()).as("the file as listed, not as the offer describes it")
                .isEqualTo(new Message.OfferFrom(alice.id(), "alice", SONG));
    }

    @Test
    void aTextToAPeerThatIsOfflineOrTakesNoTextsIsNotFound() throws IOException {
        TrackerClient fromAlice = subscribed(alice, "alice", false);
        registered(bob, "bob");
        network.settle();

        assertThat(fromAlice.request(new Message.SendText(carol.id(), "anyone?")))
                .isInstanceOfSatisfying(Message.ErrorReply.class, error -> {
                    assertThat(error.code()).isEqualTo(ErrorCode.NOT_FOUND);
                    assertThat(error.detail()).contains("is online");
                });
        assertThat(fromAlice.request(new Message.SendText(bob.id(), "bob?")))
                .isInstanceOfSatisfying(Message.ErrorReply.class, error -> {
                    assertThat(error.code()).isEqualTo(ErrorCode.NOT_FOUND);
                    assertThat(error.detail()).contains("does not take texts");
                });
    }

    @Test
    void onlyARegisteredPeerMaySubscribeOrSend() throws IOException {
        TrackerClient stranger = clients.connect(carol);
        stranger.hello();

        for (Message request : List.of(new Message.Subscribe(true), new Message.BroadcastText("hi"))) {
            assertThat(stranger.request(request)).isInstanceOfSatisfying(Message.ErrorReply.class,
                    error -> assertThat(error.code()).isEqualTo(ErrorCode.NOT_REGISTERED));
        }
    }

    @Test
    void aSubscriberThatNeverReadsHoldsUpNeitherTheSenderNorTheOthers() throws IOException {
        TrackerClient sender = subscribed(alice, "alice", false);
        TrackerClient reading = subscribed(carol, "carol", false);
        // Bob, third, shares the sender's instance in a cluster: a peer held by another instance
        // counts as reached whenever it subscribed there.
        subscribed(bob, "bob", false);
        network.settle();
        String text = "x".repeat(1000);

        // Bob reads nothing: once the connection's buffers and his queue are full, his copies are
        // dropped, and every broadcast is still answered at once.
        int leastReached = Integer.MAX_VALUE;
        for (int i = 0; i < 8000; i++) {
            clock.advance(Duration.ofSeconds(1).dividedBy(RelayAllowance.PER_SECOND));
            leastReached = Math.min(leastReached,
                    sender.request(new Message.BroadcastText(text), Message.Relayed.class).peers());
            assertThat(reading.receive()).isInstanceOf(Message.TextFrom.class);
        }

        assertThat(leastReached).as("peers reached by the last broadcasts: carol alone").isEqualTo(1);
        assertThat(reading.request(new Message.ListPeers(), Message.PeerList.class).peers()).hasSize(3);
    }

    @Test
    void aPeerSendingFasterThanItsAllowanceIsToldToWaitAndKeepsItsConnection() throws IOException {
        TrackerClient sender = subscribed(alice, "alice", false);
        subscribed(bob, "bob", false);
        network.settle();

        for (int i = 0; i < RelayAllowance.BURST; i++) {
            sender.request(new Message.BroadcastText("quick " + i), Message.Relayed.class);
        }
        assertThat(sender.request(new Message.BroadcastText("one too many")))
                .isInstanceOfSatisfying(Message.ErrorReply.class, error -> {
                    assertThat(error.code()).isEqualTo(ErrorCode.LIMIT_EXCEEDED);
                    assertThat(error.detail()).contains("wait a moment");
                });
        clock.advance(Duration.ofSeconds(1));
        for (int i = 0; i < RelayAllowance.PER_SECOND; i++) {
            sender.request(new Message.BroadcastText("later " + i), Message.Relayed.class);
        }
        assertThat(sender.request(new Message.SendText(bob.id(), "and no more")))
                .isInstanceOfSatisfying(Message.ErrorReply.class, error -> assertThat(error.code())
                        .isEqualTo(ErrorCode.LIMIT_EXCEEDED));
        sender.request(new Message.Unregister(), Message.Ok.class);
        assertThat(sender.request(new Message.Register("alice", 7001, List.of())))
                .as("registering again neither renews the allowance nor escapes it")
                .isInstanceOfSatisfying(Message.ErrorReply.class, error -> assertThat(error.code())
                        .isEqualTo(ErrorCode.LIMIT_EXCEEDED));
    }

    private TrackerClient registered(NodeIdentity identity, String name) throws IOException {
        TrackerClient client = clients.connect(identity);
        client.hello();
        client.register(name, 7001);
        return client;
    }

    private TrackerClient subscribed(NodeIdentity identity, String name, boolean presence) throws IOException {
        TrackerClient client = registered(identity, name);
        client.request(new Message.Subscribe(presence), Message.Ok.class);
        return client;
    }

    private static byte[] frame(String json) {
        byte[] header = json.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + header.length).putInt(header.length).putInt(0).put(header).array();
    }
}
