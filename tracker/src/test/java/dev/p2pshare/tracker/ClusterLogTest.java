package dev.p2pshare.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.p2pshare.protocol.FileEntry;
import dev.p2pshare.protocol.FileId;
import dev.p2pshare.protocol.NodeId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shared log's entries and the stored file records, as text, both ways. */
class ClusterLogTest {

    private static final NodeId PEER = NodeId.of("12".repeat(32));
    private static final FileEntry BIG = new FileEntry(FileId.of("ab".repeat(32)), "a|b 2024.mkv", 1_099_511_627_775L);

    @Test
    void aRegistrationIsOneJsonObjectAndReadsBackAsTheSameChange() {
        ClusterChange change = new ClusterChange.Registered(PEER, "0a0b.7", "alice", "10.0.0.5", 7001, List.of(BIG));

        String entry = ClusterLog.encode(change);

        assertThat(entry).isEqualTo("{\"t\":\"reg\",\"peer\":\"" + PEER.hex() + "\",\"session\":\"0a0b.7\","
                + "\"name\":\"alice\",\"host\":\"10.0.0.5\",\"port\":7001,\"files\":[{\"id\":\"" + BIG.id().hex()
                + "\",\"name\":\"a|b 2024.mkv\",\"size\":1099511627775}]}");
        assertThat(ClusterLog.change(ClusterLog.decode(entry))).isEqualTo(change);
    }

    @Test
    void everyKindOfChangeReadsBackAsItself() {
        List<ClusterChange> changes = List.of(
                new ClusterChange.FilesChanged(PEER, "s.1", List.of(BIG), List.of(FileId.of("cd".repeat(32)))),
                new ClusterChange.Partial(PEER, "s.1", BIG, 12),
                new ClusterChange.Subscribed(PEER, "s.1", true),
                new ClusterChange.Ended(PEER, "s.1"));

        for (ClusterChange change : changes) {
            assertThat(ClusterLog.change(ClusterLog.decode(ClusterLog.encode(change)))).isEqualTo(change);
        }
    }

    @Test
    void theReapersEndEntryWrittenByTheStoreReadsAsAnEnd() {
        String written = "{\"session\":\"s.1\",\"t\":\"end\",\"peer\":\"" + PEER.hex() + "\"}";

        assertThat(ClusterLog.change(ClusterLog.decode(written))).isEqualTo(new ClusterChange.Ended(PEER, "s.1"));
    }

    @Test
    void aRosterNamesThePeersAndIsNotAChange() {
        ClusterLog.Entry roster = ClusterLog.decode(ClusterLog.roster(List.of(PEER)));

        assertThat(roster.t()).isEqualTo("roster");
        assertThat(roster.peers()).containsExactly(PEER);
        assertThatThrownBy(() -> ClusterLog.change(roster)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fileRecordsKeepTheirExactSizeAndNamesWithBars() {
        List<FileEntry> whole = new ArrayList<>();

        assertThat(ClusterLog.readRecord(PEER, "s.1", BIG.id().hex(), ClusterLog.wholeRecord(BIG), whole)).isNull();
        ClusterChange.Partial partial = ClusterLog.readRecord(PEER, "s.1", BIG.id().hex(),
                ClusterLog.partialRecord(BIG, 3), whole);

        assertThat(whole).containsExactly(BIG);
        assertThat(partial).isEqualTo(new ClusterChange.Partial(PEER, "s.1", BIG, 3));
    }

    @Test
    void malformedEntriesAndRecordsAreRefused() {
        assertThatThrownBy(() -> ClusterLog.decode("not json")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClusterLog.decode("{}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClusterLog.change(ClusterLog.decode("{\"t\":\"reg\",\"peer\":\"" + PEER.hex()
                + "\",\"session\":\"s\",\"name\":\"x\",\"host\":\"1.2.3.4\",\"port\":0}")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClusterLog.readRecord(PEER, "s", BIG.id().hex(), "x|1", new ArrayList<>()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
