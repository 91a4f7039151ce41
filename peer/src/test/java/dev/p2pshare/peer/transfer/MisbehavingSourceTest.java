package dev.p2pshare.peer.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.p2pshare.peer.transfer.FakeSource.Behaviour;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Sources that stall or trickle at every step before and during the transfer, or claim chunks they
 * never send. Alone, each one ends the download within the source wait plus the stall limit (1 s
 * each here), with a reason; beside an honest seeder, none delays the download by more than a
 * moment; and none is connected to again once it delivered nothing.
 */
@Timeout(120)
class MisbehavingSourceTest extends FakeSourcesStage {

    /** The shortest source wait and stall limit a peer can be given. */
    private static final Downloads.Settings IMPATIENT = new Downloads.Settings(Duration.ofSeconds(1), Duration.ofSeconds(1));
    /** The source wait and the stall limit, and room for a slow machine. */
    private static final Duration BOUND = Duration.ofSeconds(1 + 1 + 3);
    /** What a download that has an honest seeder may take, whatever else is listed. */
    private static final Duration WITH_AN_HONEST_SEEDER = Duration.ofSeconds(4);

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Behaviour.class, names = {"SILENT", "TRICKLES_THE_WELCOME", "STALLS_AFTER_THE_WELCOME",
        "TRICKLES_THE_MANIFEST", "STALLS_AFTER_THE_MANIFEST", "TRICKLES_CHUNKS", "CLAIMS_CHUNKS_IT_NEVER_SENDS"})
    void aloneItEndsTheDownloadWithinTheSourceWaitAndTheStallLimit(Behaviour behaviour) throws Exception {
        FakeSource bad = source("mallory", behaviour);
        Downloads downloads = downloads(IMPATIENT);
        long start = System.nanoTime();

        assertThatThrownBy(() -> get(downloads))
                .isInstanceOfSatisfying(DownloadException.class,
                        failure -> assertThat(failure.remedy()).isEqualTo(DownloadException.Remedy.GET_AGAIN))
                .hasMessageContaining("'data.bin'")
                .hasMessageContaining("mallory (127.0.0.1:");

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BOUND);
        assertThat(saved()).doesNotExist();
        assertThat(bad.connections()).as("connections to a source that delivered nothing").isLessThanOrEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Behaviour.class, names = {"STALLS_AFTER_THE_MANIFEST", "STALLS_AFTER_ONE_CHUNK",
        "TRICKLES_CHUNKS"})
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void overTlsAStalledSourceIsDroppedAtTheStallLimitThoughChunksAreReadWithNoTimeout(Behaviour behaviour)
            throws Exception {
        overTls = true;
        FakeSource bad = source("mallory", behaviour);
        Downloads downloads = downloads(IMPATIENT);
        long start = System.nanoTime();

        assertThatThrownBy(() -> get(downloads))
                .isInstanceOf(DownloadException.class)
                .hasMessageContaining("mallory (127.0.0.1:" + bad.asSource().peer().port() + "): delivered nothing");

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BOUND);
        assertThat(saved()).doesNotExist();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Behaviour.class, names = {"SILENT", "TRICKLES_THE_WELCOME", "STALLS_AFTER_THE_WELCOME",
        "TRICKLES_THE_MANIFEST", "STALLS_AFTER_THE_MANIFEST", "TRICKLES_CHUNKS", "CLAIMS_CHUNKS_IT_NEVER_SENDS"})
    void besideAnHonestSeederItCostsTheDownloadNoMoreThanAMoment(Behaviour behaviour) throws Exception {
        // Listed first, so that it is the first asked for the manifest and for chunks.
        source("mallory", behaviour);
        source("bob", Behaviour.HONEST);
        long start = System.nanoTime();

        DownloadResult result = get(downloads());

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(WITH_AN_HONEST_SEEDER);
        assertThat(Files.readAllBytes(saved())).isEqualTo(CONTENT);
        // A source that only trickles its manifest serves chunks like anyone once the manifest is known.
        assertThat(result.sources()).contains("bob");
    }

    @Test
    void sourceDroppedForDeliveringNothingIsNotConnectedToAgainByThatDownload() throws Exception {
        FakeSource stalled = source("mallory", Behaviour.STALLS_AFTER_THE_MANIFEST);
        FakeSource half = source("half", Behaviour.HONEST, firstHalf());

        assertThatThrownBy(() -> get(downloads())).isInstanceOf(DownloadException.class)
                .hasMessageContaining("mallory (127.0.0.1:" + stalled.asSource().peer().port() + "): delivered nothing"
                        + " for 2 s");

        // One connection for the manifest, one to fetch chunks: nothing after it was dropped,
        // though the download asked the tracker again every second and found it listed.
        assertThat(stalled.connections()).isEqualTo(2);
        assertThat(half.chunksSent()).isEqualTo(CHUNKS / 2);
    }
}
