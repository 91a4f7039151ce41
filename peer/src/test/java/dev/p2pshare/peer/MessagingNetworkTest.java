package dev.p2pshare.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.p2pshare.peer.net.Notice;
import dev.p2pshare.peer.transfer.Cancellation;
import dev.p2pshare.peer.transfer.DownloadListener;
import dev.p2pshare.peer.transfer.DownloadResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Texts, broadcasts, offers, pings and presence between three peers, one of which joins late. */
@Timeout(120)
class MessagingNetworkTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @TempDir
    Path temp;

    private TestNetwork network;
    private Peer alice;
    private Peer bob;
    private final BlockingQueue<Notice> toAlice = new LinkedBlockingQueue<>();
    private final BlockingQueue<Notice> toBob = new LinkedBlockingQueue<>();
    private final BlockingQueue<Notice> toCarol = new LinkedBlockingQueue<>();

    @BeforeEach
    void startNetwork() throws Exception {
        network = new TestNetwork(temp);
        alice = network.startPeer("alice");
        alice.messaging().notices().listen(toAlice::add);
        bob = network.startPeer("bob");
        bob.messaging().notices().listen(toBob::add);
        assertThat(next(toAlice)).isInstanceOfSatisfying(Notice.PeerJoined.class,
                joined -> assertThat(joined.peer().id()).isEqualTo(bob.id()));
    }

    @AfterEach
    void stopNetwork() throws Exception {
        network.close();
    }

    @Test
    void broadcastsReachEveryoneOnlineIncludingALateJoinerAndTextsReachOnePeer() throws Exception {
        assertThat(alice.messaging().broadcast("hello all")).isEqualTo(1);
        assertThat(next(toBob)).isEqualTo(new Notice.TextFrom(alice.id(), "alice", true, "hello all"));

        Peer carol = network.startPeer("carol");
        carol.messaging().notices().listen(toCarol::add);
        for (BlockingQueue<Notice> earlier : List.of(toAlice, toBob)) {
            assertThat(next(earlier)).isInstanceOfSatisfying(Notice.PeerJoined.class,
                    joined -> assertThat(joined.peer().name()).isEqualTo("carol"));
        }

        assertThat(alice.messaging().broadcast("second")).isEqualTo(2);
        assertThat(next(toBob)).isEqualTo(new Notice.TextFrom(alice.id(), "alice", true, "second"));
        assertThat(next(toCarol)).isEqualTo(new Notice.TextFrom(alice.id(), "alice", true, "second"));

        assertThat(bob.messaging().sendText("carol", "just for you").id()).isEqualTo(carol.id());
        assertThat(next(toCarol)).isEqualTo(new Notice.TextFrom(bob.id(), "bob", false, "just for you"));
        carol.messaging().sendText(alice.id().hex().substring(0, 8), "by id");
        assertThat(next(toAlice)).isEqualTo(new Notice.TextFrom(carol.id(), "carol", false, "by id"));

        carol.close();
        for (BlockingQueue<Notice> remaining : List.of(toAlice, toBob)) {
            assertThat(next(remaining)).isEqualTo(new Notice.PeerLeft(carol.id(), "carol"));
        }
        // Nothing else arrived: no copies of the texts, no notices of one's own.
        assertThat(toAlice).isEmpty();
        assertThat(toBob).isEmpty();
    }

    @Test
    void aQuietPeerGetsTextsButNotWhoJoinsOrLeaves() throws Exception {
        Peer quiet = network.startPeer("quiet", false);
        BlockingQueue<Notice> toQuiet = new LinkedBlockingQueue<>();
        quiet.messaging().notices().listen(toQuiet::add);
        network.startPeer("carol").close();
        for (BlockingQueue<Notice> watching : List.of(toAlice, toAlice, toAlice)) {
            assertThat(next(watching)).isInstanceOfAny(Notice.PeerJoined.class, Notice.PeerLeft.class);
        }

        alice.messaging().broadcast("quiet now");

        assertThat(next(toQuiet)).as("the text, with no joined or left before it")
                .isEqualTo(new Notice.TextFrom(alice.id(), "alice", true, "quiet now"));
    }

    @Test
    void anOfferReachesTheOthersWithAnIdThatGetFetches() throws Exception {
        Path offered = Files.writeString(network.folder("dave").resolve("offered.txt"), "worth a look\n");
        Peer dave = network.startPeer("dave");
        next(toAlice);
        next(toBob);

        assertThat(dave.messaging().offer("offered.txt")).isEqualTo(2);

        Notice toBobToo = next(toBob);
        Notice notice = next(toAlice);
        assertThat(notice).isEqualTo(toBobToo).isInstanceOfSatisfying(Notice.OfferFrom.class, offer -> {
            assertThat(offer.fromId()).isEqualTo(dave.id());
            assertThat(offer.file().name()).isEqualTo("offered.txt");
        });
        String getWord = ((Notice.OfferFrom) notice).file().id().shortHex();
        DownloadResult result = alice.fetching().download(alice.fetching().resolve(getWord, List.of()), Optional.empty(),
                DownloadListener.NONE, new Cancellation());
        assertThat(Files.readAllBytes(result.file())).isEqualTo(Files.readAllBytes(offered));
    }

    @Test
    void pingTimesRoundTripsToThePeerThatProvesTheListedId() throws Exception {
        Diagnostics.PingResult result = alice.diagnostics().ping("bob", 3);

        assertThat(result.peer().id()).isEqualTo(bob.id());
        assertThat(result.roundTrips()).hasSize(3).allSatisfy(trip -> assertThat(trip).isPositive()
                .isLessThan(PATIENCE));
    }

    @Test
    void unknownOrAmbiguousPeersAndBadTextsAreRefusedWithAReason() throws Exception {
        assertThatThrownBy(() -> alice.messaging().sendText("nobody", "hi")).isInstanceOf(PeerException.class)
                .hasMessageContaining("no online peer is named 'nobody'").hasMessageContaining("'peers' lists");
        network.registerGhost("bob", 7001, List.of());
        assertThatThrownBy(() -> alice.messaging().sendText("bob", "which?")).isInstanceOf(PeerException.class)
                .hasMessageStartingWith("'bob' names more than one online peer (ids ")
                .hasMessageEndingWith("); give more digits of the id");
        String bobsPrefix = bob.id().hex().substring(0, 16);
        network.registerGhost(bobsPrefix, 7003, List.of());
        assertThatThrownBy(() -> alice.messaging().sendText(bobsPrefix, "which?"))
                .as("a name like an id prefix captures nothing").isInstanceOf(PeerException.class)
                .hasMessageStartingWith("'" + bobsPrefix + "' names more than one online peer");
        assertThat(alice.messaging().sendText(bob.id().hex(), "by whole id").id()).isEqualTo(bob.id());
        network.registerGhost("mute", 7002, List.of());
        assertThatThrownBy(() -> alice.messaging().sendText("mute", "hello?")).isInstanceOf(PeerException.class)
                .hasMessageContaining("the text did not reach mute").hasMessageContaining("does not take texts");
        assertThatThrownBy(() -> alice.messaging().broadcast("x".repeat(1001))).isInstanceOf(PeerException.class)
                .hasMessageContaining("at most 1000 characters");
        assertThatThrownBy(() -> alice.messaging().broadcast("bell\u0007")).isInstanceOf(PeerException.class)
                .hasMessageContaining("U+0007");
        assertThatThrownBy(() -> alice.messaging().offer("missing.txt")).isInstanceOf(PeerException.class)
                .hasMessage("no file shared here is named 'missing.txt' or has an id starting with it;"
                        + " 'files' lists what this peer shares");
    }

    private static Notice next(BlockingQueue<Notice> notices) throws InterruptedException {
        Notice notice = notices.poll(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(notice).as("a notice within %s", PATIENCE).isNotNull();
        return notice;
    }
}
