package dev.p2pshare.peer.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.p2pshare.peer.transfer.FakeSource.Behaviour;
import dev.p2pshare.protocol.Manifest;
import java.nio.file.Files;
import java.time.Duration;
import java.util.BitSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One download against fake sources that behave well or badly, found through a fake tracker. */
@Timeout(120)
class DownloadJobTest extends FakeSourcesStage {

    @Test
    void honestSourceDeliversTheExactBytesAndLeavesNoPartFilesBehind() throws Exception {
        source("alice", Behaviour.HONEST);
        DownloadResult result = get(downloads());
        assertThat(result.file()).isEqualTo(saved());
        assertThat(Files.readAllBytes(saved())).isEqualTo(CONTENT);
        assertThat(result.sources()).containsExactly("alice");
        assertThat(result.fetchedBytes()).isEqualTo(CONTENT.length);
        assertThat(Files.list(state.downloads())).isEmpty();
    }

    @Test
    void everySourceContributesAtOnce() throws Exception {
        // Slow sources: at full speed on loopback, two could finish the file before the third connects.
        source("alice", Behaviour.HONEST_AND_SLOW);
        source("bob", Behaviour.HONEST_AND_SLOW);
        source("carol", Behaviour.HONEST_AND_SLOW);
        DownloadResult result = get(downloads());
        assertThat(result.sources()).containsExactlyInAnyOrder("alice", "bob", "carol");
        assertThat(Files.readAllBytes(saved())).isEqualTo(CONTENT);
        assertThat(fakes).allSatisfy(fake -> assertThat(fake.chunksSent()).isPositive());
    }

    @Test
    void sourceSendingCorruptChunksIsBannedAndTheOthersFinish() throws Exception {
        source("mallory", Behaviour.CORRUPTS_EVERY_CHUNK);
        // A slow honest source: at full speed on loopback, it could deliver the whole file before
        // mallory's third bad chunk arrived, and mallory would never be banned.
        source("bob", Behaviour.HONEST_AND_SLOW);
        Downloads downloads = downloads();
        DownloadResult result = get(downloads);
        assertThat(Files.readAllBytes(saved())).isEqualTo(CONTENT);
        assertThat(result.sources()).containsExactly("bob");
        assertThat(downloads.bans().list()).singleElement().satisfies(ban -> {
            assertThat(ban.name()).isEqualTo("mallory");
            assertThat(ban.reason()).isEqualTo("3 chunks of 'data.bin' (" + ID.shortHex() + ") failed verification");
        });
    }

    @Test
    void sourcesThatDieOrStallAreDroppedAndTheRestFinish() throws Exception {
        source("carol", Behaviour.DIES_AFTER_TWO_CHUNKS);
        source("slowpoke", Behaviour.STALLS_AFTER_ONE_CHUNK);
        source("bob", Behaviour.HONEST);
        DownloadResult result = get(downloads());
        assertThat(Files.readAllBytes(saved())).isEqualTo(CONTENT);
        assertThat(result.sources()).contains("bob");
    }

    @Test
    void aSourceStillDownloadingIsAskedAgainWhatItHasWhileItsChunksArrive() throws Exception {
        // 21 chunks at 20 a second: a second of chunks always in flight, so before, when only a
        // source with nothing wanted was asked again, it was asked once.
        FakeSource growing = source("growing", Behaviour.SLOW_AND_LISTED_AS_DOWNLOADING);
        get(downloads());
        assertThat(Files.readAllBytes(saved())).isEqualTo(CONTENT);
        assertThat(growing.haveRequests()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void peersThatEachHavePartOfTheFileTogetherProvideAllOfIt() throws Exception {
        BitSet even = new BitSet(CHUNKS);
        BitSet odd = new BitSet(CHUNKS);
        for (int i = 0; i < CHUNKS; i++) {
            (i % 2 == 0 ? even : odd).set(i);
        }
        source("evens", Behaviour.HONEST, even);
        source("odds", Behaviour.HONEST, odd);
        DownloadResult result = get(downloads());
        assertThat(Files.readAllBytes(saved())).isEqualTo(CONTENT);
        assertThat(result.sources()).containsExactlyInAnyOrder("evens", "odds");
    }

    @Test
    void withNoSourceLeftItWaitsTheSourceWaitThenGivesUpKeepingWhatItHas() throws Exception {
        ManualClock manual = new ManualClock();
        clock = manual;
        source("half", Behaviour.HONEST, firstHalf());
        Downloads downloads = downloads();
        DownloadJob job = downloads.start(ID, "data.bin");
        await().atMost(Duration.ofSeconds(20)).until(() -> job.snapshot().state() == DownloadSnapshot.State.WAITING);
        assertThat(job.snapshot().bytesHave()).isEqualTo(10L * Manifest.CHUNK_SIZE);

        manual.advance(Duration.ofMillis(1_999));
        await().during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(1))
                .until(() -> job.snapshot().state() == DownloadSnapshot.State.WAITING);
        manual.advance(Duration.ofMillis(1));
        assertThatThrownBy(() -> job.await(DownloadListener.NONE, new Cancellation()))
                .isInstanceOfSatisfying(DownloadException.class,
                        failure -> assertThat(failure.remedy()).isEqualTo(DownloadException.Remedy.GET_AGAIN))
                .hasMessageStartingWith("no peer could provide the rest of 'data.bin' (" + ID.shortHex() + ") for 2 s")
                .hasMessageEndingWith("; kept 10 of 21 chunks");
        assertThat(state.stateFile(ID)).exists();
        assertThat(saved()).doesNotExist();
        assertThat(downloads.snapshots()).singleElement().extracting(DownloadSnapshot::state)
                .isEqualTo(DownloadSnapshot.State.FAILED);

        source("bob", Behaviour.HONEST);
        DownloadResult result = get(downloads);
        assertThat(Files.readAllBytes(saved())).isEqualTo(CONTENT);
        assertThat(result.bytesBefore()).isEqualTo(10L * Manifest.CHUNK_SIZE);
        assertThat(result.fetchedBytes()).isEqualTo(CONTENT.length - 10L * Manifest.CHUNK_SIZE);
    }

    @Test
    void pausedDownloadKeepsWhatItHasAndGetAgainResumesIt() throws Exception {
        source("half", Behaviour.HONEST, firstHalf());
        Downloads downloads = downloads();
        DownloadJob job = downloads.start(ID, "data.bin");
        await().atMost(Duration.ofSeconds(20)).until(() -> job.snapshot().bytesHave() == 10L * Manifest.CHUNK_SIZE);
        Cancellation cancellation = new Cancellation();
        cancellation.cancel();
        assertThatThrownBy(() -> job.await(DownloadListener.NONE, cancellation))
                .isInstanceOfSatisfying(DownloadException.class,
                        failure -> assertThat(failure.remedy()).isEqualTo(DownloadException.Remedy.GET_AGAIN))
                .hasMessageEndingWith("is paused with 10 of 21 chunks");

        source("bob", Behaviour.HONEST);
        DownloadResult result = get(downloads);
        assertThat(Files.readAllBytes(saved())).isEqualTo(CONTENT);
        assertThat(result.fetchedBytes()).isEqualTo(CONTENT.length - 10L * Manifest.CHUNK_SIZE);
        assertThat(downloads.snapshots()).as("the resumed download is one entry, no longer paused")
                .singleElement().satisfies(snapshot -> assertThat(snapshot.state()).isEqualTo(DownloadSnapshot.State.DONE));
    }

    @Test
    void peerStartedAgainResumesUnfinishedDownloadsByItself() throws Exception {
        source("half", Behaviour.HONEST, firstHalf());
        Downloads first = downloads();
        DownloadJob job = first.start(ID, "data.bin");
        await().atMost(Duration.ofSeconds(20)).until(() -> job.snapshot().bytesHave() == 10L * Manifest.CHUNK_SIZE);
        first.close();

        source("bob", Behaviour.HONEST);
        Downloads again = downloads();
        again.resumeUnfinished();
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(saved()));
        assertThat(Files.readAllBytes(saved())).isEqualTo(CONTENT);
        assertThat(again.snapshots()).singleElement().extracting(DownloadSnapshot::state)
                .isEqualTo(DownloadSnapshot.State.DONE);
    }
}
