package dev.p2pshare.peer.cli;

import static dev.p2pshare.peer.lan.ScriptedDiscovery.tracker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.p2pshare.peer.HostedTracker;
import dev.p2pshare.peer.Peer;
import dev.p2pshare.peer.PeerConfig;
import dev.p2pshare.peer.lan.ScriptedDiscovery;
import dev.p2pshare.peer.lan.TrackerChoice;
import dev.p2pshare.peer.net.TrackerTrust;
import dev.p2pshare.tracker.LanAnnouncement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A peer's part on a scripted LAN, with real peers hosting real trackers: the choice at start,
 * and two peers that hosted at the same moment ending on one tracker.
 */
@Timeout(60)
class LanPresenceTest {

    private static final Duration BROWSE = Duration.ofMillis(200);

    @TempDir
    Path temp;

    private final List<AutoCloseable> running = new ArrayList<>();

    @AfterEach
    void stopAll() throws Exception {
        for (int i = running.size() - 1; i >= 0; i--) {
            running.get(i).close();
        }
    }

    private TrackerTrust trust(String name) throws Exception {
        return TrackerTrust.load(Files.createDirectories(temp.resolve(name).resolve(".p2pshare")), List.of());
    }

    private Peer hostingPeer(String name) throws Exception {
        Peer peer = Peer.start(new PeerConfig(Files.createDirectories(temp.resolve(name)), List.of(), 0, name,
                Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(30), 0, 0, true, OptionalInt.of(0)),
                bytes -> { });
        running.add(peer);
        return peer;
    }

    private static LanAnnouncement announcementOf(HostedTracker hosted) {
        return tracker("127.0.0.1", hosted.tracker().port(), hosted.id().hex());
    }

    @Test
    void aTrackerTrustedBeforeEndsTheLookEarly() throws Exception {
        ScriptedDiscovery lan = ScriptedDiscovery.lan();
        LanPresence presence = new LanPresence(lan, Duration.ofSeconds(30));
        running.add(presence);
        TrackerTrust trust = trust("early");
        LanAnnouncement known = tracker("10.0.0.1", 6969, "42".repeat(32));
        trust.remember(known.endpoint(), known.id());
        Thread announcer = new Thread(() -> {
            await().until(() -> {
                try {
                    lan.announce(known);
                    return true;
                } catch (IllegalStateException notYetWatching) {
                    return false;
                }
            });
        });
        announcer.start();

        long started = System.nanoTime();
        assertThat(presence.choose(trust, true)).isEqualTo(new TrackerChoice.Use(known, true));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("ended before the 30 s look would")
                .isLessThan(Duration.ofSeconds(10));
        announcer.join();
    }

    @Test
    void aLookStartedBeforeTheChoiceCountsTowardsTheBrowseTime() throws Exception {
        ScriptedDiscovery lan = ScriptedDiscovery.lan();
        AtomicLong nanos = new AtomicLong();
        LanPresence presence = new LanPresence(lan, Duration.ofSeconds(30), nanos::get);
        running.add(presence);
        presence.look();
        LanAnnouncement heard = tracker("10.0.0.2", 6969, "43".repeat(32));
        lan.announce(heard);
        // The peer indexes its folder meanwhile; here that takes the whole browse time.
        nanos.addAndGet(Duration.ofSeconds(30).toNanos());

        long started = System.nanoTime();
        assertThat(presence.choose(trust("indexing"), true)).isEqualTo(new TrackerChoice.Use(heard, false));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("chose without looking again")
                .isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aHostWhereTheLanCannotBeWatchedHostsATrackerOrFailsWithNoHost() throws Exception {
        LanPresence presence = new LanPresence(ScriptedDiscovery.noMulticast(), Duration.ofSeconds(30));
        running.add(presence);
        assertThat(presence.choose(trust("alone"), true)).isEqualTo(new TrackerChoice.Host());
        LanPresence refusing = new LanPresence(ScriptedDiscovery.noMulticast(), Duration.ofSeconds(30));
        running.add(refusing);
        assertThat(refusing.choose(trust("refusing"), false)).isEqualTo(new TrackerChoice.NoneFound());
    }

    @Test
    void twoPeersThatHostedAtOnceEndOnTheTrackerWithTheLowerId() throws Exception {
        ScriptedDiscovery firstLan = ScriptedDiscovery.lan();
        ScriptedDiscovery secondLan = ScriptedDiscovery.lan();
        LanPresence first = new LanPresence(firstLan, BROWSE);
        LanPresence second = new LanPresence(secondLan, BROWSE);
        TrackerTrust firstTrust = trust("first");
        TrackerTrust secondTrust = trust("second");
        assertThat(first.choose(firstTrust, true)).isEqualTo(new TrackerChoice.Host());
        assertThat(second.choose(secondTrust, true)).isEqualTo(new TrackerChoice.Host());
        Peer firstPeer = hostingPeer("first");
        Peer secondPeer = hostingPeer("second");
        running.add(first);
        running.add(second);
        HostedTracker firstTracker = firstPeer.hostedTracker().orElseThrow();
        HostedTracker secondTracker = secondPeer.hostedTracker().orElseThrow();
        first.started(firstPeer, false, firstTracker.id(), firstTrust);
        second.started(secondPeer, false, secondTracker.id(), secondTrust);

        for (ScriptedDiscovery lan : List.of(firstLan, secondLan)) {
            lan.announce(announcementOf(firstTracker));
            lan.announce(announcementOf(secondTracker));
        }

        boolean firstIsLower = firstTracker.id().hex().compareTo(secondTracker.id().hex()) < 0;
        HostedTracker winner = firstIsLower ? firstTracker : secondTracker;
        HostedTracker loser = firstIsLower ? secondTracker : firstTracker;
        Peer mover = firstIsLower ? secondPeer : firstPeer;
        await().atMost(Duration.ofSeconds(20)).until(() -> winner.tracker().lists(firstPeer.id())
                && winner.tracker().lists(secondPeer.id()));
        await().atMost(Duration.ofSeconds(20)).until(() -> !loser.tracker().lists(mover.id()));
        assertThat(mover.diagnostics().status().tracker().tracker()).isEqualTo(winner.address().endpoint());
        assertThat(winner.othersOnline(winner == firstTracker ? firstPeer.id() : secondPeer.id())).isEqualTo(1);
    }
}
