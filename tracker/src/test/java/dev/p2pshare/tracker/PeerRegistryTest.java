package dev.p2pshare.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.p2pshare.protocol.ErrorCode;
import dev.p2pshare.protocol.FileEntry;
import dev.p2pshare.protocol.FileId;
import dev.p2pshare.protocol.Limits;
import dev.p2pshare.protocol.NodeId;
import dev.p2pshare.protocol.ProtocolException;
import dev.p2pshare.protocol.tls.NodeIdentity;
import dev.p2pshare.tracker.FileIndex.IndexedFile;
import java.io.Closeable;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class PeerRegistryTest {

    private static final Duration TTL = Duration.ofSeconds(30);
    private static final InetAddress HOST = InetAddress.getLoopbackAddress();
    private static final Closeable NO_CONNECTION = () -> { };

    private static final FileEntry SONG = file(1, "song.mp3", 4_000);
    private static final FileEntry PHOTO = file(2, "photo.jpg", 2_000);
    private static final FileEntry NOTES = file(3, "notes.txt", 30);

    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final PeerRegistry registry = new PeerRegistry(clock, TTL);

    @Test
    void registeredPeerIsListedWithItsFiles() throws ProtocolException {
        RegisteredPeer alice = register("alice", SONG, PHOTO);

        assertThat(registry.peer(alice.id())).containsSame(alice);
        assertThat(registry.size()).isEqualTo(1);
        assertThat(alice.fileCount()).isEqualTo(2);
        assertThat(holdersById()).isEqualTo(Map.of(
                SONG.id(), Set.of(alice.id()),
                PHOTO.id(), Set.of(alice.id())));
    }

    @Test
    void announceAddsAndRemovesFiles() throws ProtocolException {
        RegisteredPeer alice = register("alice", SONG, PHOTO);

        registry.announce(alice, List.of(NOTES), List.of(SONG.id()));

        assertThat(alice.fileCount()).isEqualTo(2);
        assertThat(holdersById()).isEqualTo(Map.of(
                PHOTO.id(), Set.of(alice.id()),
                NOTES.id(), Set.of(alice.id())));
    }

    @Test
    void fileSharedByTwoPeersHasTwoSourcesAndOutlivesOneOfThem() throws ProtocolException {
        RegisteredPeer alice = register("alice", SONG);
        RegisteredPeer bob = register("bob", SONG, PHOTO);
        assertThat(holdersById().get(SONG.id())).containsExactlyInAnyOrder(alice.id(), bob.id());

        assertThat(registry.remove(alice)).isTrue();

        assertThat(holdersById()).isEqualTo(Map.of(
                SONG.id(), Set.of(bob.id()),
                PHOTO.id(), Set.of(bob.id())));
    }

    @Test
    void peerAnnouncingAnotherSizeForAListedIdIsStillASourceAndTheFirstSizeStaysListed() {
        RegisteredPeer alice = register("alice", SONG);

        RegisteredPeer bob = register("bob", PHOTO, new FileEntry(SONG.id(), "song.mp3", 4_001));

        assertThat(holdersById().get(SONG.id())).containsExactlyInAnyOrder(alice.id(), bob.id());
        assertThat(registry.files().sizeOf(SONG.id())).contains(4_000L);
    }

    @Test
    void oneRegisterGivingAFileTwoSizesListsItOnceWithTheFirst() {
        RegisteredPeer alice = register("alice", SONG, new FileEntry(SONG.id(), "copy.mp3", 1));

        assertThat(alice.fileCount()).isEqualTo(1);
        assertThat(registry.files().sizeOf(SONG.id())).contains(4_000L);
    }

    @Test
    void announceWithAnotherSizeForAListedIdAddsTheHolder() throws ProtocolException {
        RegisteredPeer alice = register("alice", SONG);
        RegisteredPeer bob = register("bob", PHOTO);

        registry.announce(bob, List.of(NOTES, new FileEntry(SONG.id(), "song.mp3", 1)), List.of(PHOTO.id()));

        assertThat(bob.fileCount()).isEqualTo(2);
        assertThat(holdersById().get(SONG.id())).containsExactlyInAnyOrder(alice.id(), bob.id());
        assertThat(registry.files().sizeOf(SONG.id())).contains(4_000L);
    }

    @Test
    void announcePastTheFileLimitIsRefusedAndChangesNothing() throws ProtocolException {
        RegisteredPeer hoarder = registerWithFullList();
        FileEntry oneMore = file(Limits.MAX_FILES_PER_PEER, "one-more.txt", 1);

        assertRefused(ErrorCode.LIMIT_EXCEEDED, () -> registry.announce(hoarder, List.of(oneMore), List.of()));

        assertThat(hoarder.fileCount()).isEqualTo(Limits.MAX_FILES_PER_PEER);
        assertThat(registry.files().size()).isEqualTo(Limits.MAX_FILES_PER_PEER);
        assertThat(registry.files().sizeOf(oneMore.id())).isEmpty();
    }

    @Test
    void announceThatSwapsOneFileForAnotherAtTheLimitIsAccepted() throws ProtocolException {
        RegisteredPeer hoarder = registerWithFullList();
        FileEntry replacement = file(Limits.MAX_FILES_PER_PEER, "replacement.txt", 1);

        registry.announce(hoarder, List.of(replacement), List.of(file(0, "ignored", 1).id()));

        assertThat(hoarder.fileCount()).isEqualTo(Limits.MAX_FILES_PER_PEER);
        assertThat(registry.files().sizeOf(replacement.id())).contains(1L);
        assertThat(registry.files().sizeOf(file(0, "ignored", 1).id())).isEmpty();
    }

    @Test
    void announceAfterTheSessionEndedIsNotRegistered() throws ProtocolException {
        RegisteredPeer alice = register("alice", SONG);
        registry.remove(alice);

        assertRefused(ErrorCode.NOT_REGISTERED, () -> registry.announce(alice, List.of(PHOTO), List.of()));

        assertThat(registry.files().size()).isZero();
    }

    @Test
    void heartbeatKeepsAPeerAlive() throws ProtocolException {
        RegisteredPeer alice = register("alice", SONG);

        clock.advance(Duration.ofSeconds(20));
        assertThat(registry.heartbeat(alice)).isTrue();
        clock.advance(Duration.ofSeconds(20));
        assertThat(registry.expire()).isEmpty();

        clock.advance(Duration.ofSeconds(11));
        assertThat(registry.expire()).containsExactly(alice);
    }

    @Test
    void expireRemovesAndReturnsOnlyPeersSilentLongerThanTheTtl() throws ProtocolException {
        RegisteredPeer early = register("early", SONG);
        clock.advance(Duration.ofSeconds(10));
        RegisteredPeer late = register("late", SONG, PHOTO);
        clock.advance(TTL.minusSeconds(9));

        List<RegisteredPeer> expired = registry.expire();

        assertThat(expired).containsExactly(early);
        assertThat(registry.list(10)).containsExactly(late);
        assertThat(holdersById()).isEqualTo(Map.of(
                SONG.id(), Set.of(late.id()),
                PHOTO.id(), Set.of(late.id())));
        assertThat(registry.expire()).isEmpty();
    }

    @Test
    void peerSilentForExactlyTheTtlIsKept() throws ProtocolException {
        RegisteredPeer alice = register("alice", SONG);

        clock.advance(TTL);
        assertThat(registry.expire()).isEmpty();

        clock.advance(Duration.ofMillis(1));
        assertThat(registry.expire()).containsExactly(alice);
    }

    @Test
    void peerIsRemovedOnlyOnce() throws ProtocolException {
        RegisteredPeer alice = register("alice", SONG);

        assertThat(registry.remove(alice)).isTrue();
        assertThat(registry.remove(alice)).isFalse();

        clock.advance(TTL.multipliedBy(2));
        assertThat(registry.expire()).isEmpty();
        assertThat(registry.size()).isZero();
    }

    @Test
    void expiredPeerCannotBeRemovedAgainNorKeptAliveByALateHeartbeat() throws ProtocolException {
        RegisteredPeer alice = register("alice", SONG);
        clock.advance(TTL.plusSeconds(1));
        assertThat(registry.expire()).containsExactly(alice);

        assertThat(registry.remove(alice)).isFalse();
        assertThat(registry.heartbeat(alice)).isFalse();
        assertThat(registry.size()).isZero();
    }

    @Test
    void listIsByNameAndStopsAtTheMaximum() throws ProtocolException {
        RegisteredPeer carol = register("carol");
        RegisteredPeer alice = register("alice");
        RegisteredPeer bob = register("bob");

        assertThat(registry.list(10)).containsExactly(alice, bob, carol);
        assertThat(registry.list(2)).containsExactly(alice, bob);
    }

    @Test
    void removeAllEndsEverySessionAndForgetsEveryFile() {
        register("alice", SONG);
        register("bob", PHOTO);

        assertThat(registry.removeAll()).isEqualTo(2);

        assertThat(registry.size()).isZero();
        assertThat(registry.files().size()).isZero();
        assertThat(registry.removeAll()).isZero();
    }

    private RegisteredPeer register(String name, FileEntry... files) {
        return registry.register(NodeIdentity.generate(name).id(), name, HOST, 7000, List.of(files), NO_CONNECTION)
                .peer();
    }

    /** A peer sharing exactly {@link Limits#MAX_FILES_PER_PEER} files, announced a message's worth at a time. */
    private RegisteredPeer registerWithFullList() throws ProtocolException {
        RegisteredPeer hoarder = register("hoarder");
        List<FileEntry> batch = new ArrayList<>(Limits.MAX_FILES_PER_MESSAGE);
        for (int n = 0; n < Limits.MAX_FILES_PER_PEER; n++) {
            batch.add(file(n, "file-" + n, 1));
            if (batch.size() == Limits.MAX_FILES_PER_MESSAGE) {
                registry.announce(hoarder, batch, List.of());
                batch.clear();
            }
        }
        assertThat(hoarder.fileCount()).isEqualTo(Limits.MAX_FILES_PER_PEER);
        return hoarder;
    }

    /** Who holds each listed file, copied so that later changes do not show through. */
    private Map<FileId, Set<NodeId>> holdersById() {
        return registry.files().withPrefix("", Integer.MAX_VALUE).stream()
                .collect(Collectors.toMap(IndexedFile::id, file -> Set.copyOf(file.holders().keySet())));
    }

    private static void assertRefused(ErrorCode code, ThrowingCallable change) {
        assertThatThrownBy(change).isInstanceOfSatisfying(ProtocolException.class,
                refusal -> assertThat(refusal.code()).isEqualTo(code));
    }

    /** File number {@code n}: its id is {@code n} in hex, zero-padded. */
    private static FileEntry file(int n, String name, long size) {
        return new FileEntry(FileId.of("0".repeat(56) + HexFormat.of().toHexDigits(n)), name, size);
    }
}
