package dev.p2pshare.peer.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.p2pshare.peer.transfer.FakeSource.Behaviour;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Sources that lie: a manifest whose hashes do not add up to the file id, a manifest that claims
 * another size, chunks one byte short, and the bytes of another chunk under the index asked for.
 * Each liar is banned, the download completes from an honest source with the exact bytes, and no
 * unverified byte reaches the folder.
 */
@Timeout(120)
class LyingSourceAttackTest extends FakeSourcesStage {

    @Test
    void manifestWhoseHashesDoNotMatchTheIdIsRefusedBeforeAnyChunk() throws Exception {
        FakeSource liar = source("mallory", Behaviour.LIES_ABOUT_THE_MANIFEST);
        assertLiarBannedAndFileExact(liar);
        assertThat(liar.chunksSent()).isZero();
    }

    @Test
    void manifestThatClaimsAnotherSizeIsRefusedBeforeAnyChunk() throws Exception {
        FakeSource liar = source("mallory", Behaviour.LIES_ABOUT_THE_SIZE);
        assertLiarBannedAndFileExact(liar);
        assertThat(liar.chunksSent()).isZero();
    }

    @Test
    void chunksOfTheWrongLengthAreRefused() throws Exception {
        assertLiarBannedAndFileExact(source("mallory", Behaviour.SENDS_SHORT_CHUNKS));
    }

    @Test
    void anotherChunksBytesUnderTheIndexAskedForAreRefused() throws Exception {
        assertLiarBannedAndFileExact(source("mallory", Behaviour.SENDS_ANOTHER_CHUNK));
    }

    /**
     * The liar is listed first, so its manifest is asked for first; the honest source holds its
     * chunks back until the liar is banned, so the download cannot finish before the lie is caught.
     */
    private void assertLiarBannedAndFileExact(FakeSource liar) throws Exception {
        FakeSource honest = source("bob", Behaviour.HONEST);
        honest.holdChunks();
        Downloads downloads = downloads();
        CompletableFuture<DownloadResult> download = CompletableFuture.supplyAsync(() -> {
            try {
                return get(downloads);
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });

        await().atMost(Duration.ofSeconds(30)).until(() -> downloads.bans().isBanned(liar.asSource().peer().id()));
        honest.releaseChunks();
        DownloadResult result = download.get(60, TimeUnit.SECONDS);

        assertThat(Files.readAllBytes(saved())).isEqualTo(CONTENT);
        assertThat(result.sources()).containsExactly("bob");
        assertThat(downloads.bans().list()).singleElement().satisfies(ban -> assertThat(ban.name()).isEqualTo("mallory"));
        assertThat(Files.list(state.downloads())).as("part files left behind").isEmpty();
    }
}
