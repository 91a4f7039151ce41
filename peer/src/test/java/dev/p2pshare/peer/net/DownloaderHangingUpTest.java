package dev.p2pshare.peer.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.p2pshare.protocol.Message;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A downloader that goes away while chunks are on their way to it (it cancelled, the end game
 * gave the chunk to another source, it exited) is the other side hanging up, not a failure of the
 * seeder's: nothing is logged above debug.
 */
@Timeout(60)
class DownloaderHangingUpTest extends PeerUnderAttack {

    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private PrintStream standardError;

    @BeforeEach
    void captureTheLog() {
        // The peer logs through slf4j-simple, which writes to whatever System.err is at the time.
        standardError = System.err;
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreTheLog() {
        System.setErr(standardError);
    }

    @Test
    void seederLogsNoWarningWhenADownloaderHangsUpWhileChunksAreSent() throws Exception {
        for (int round = 0; round < 5; round++) {
            ChunkClient downloader = greetedClient();
            for (int i = 0; i < 30; i++) {
                downloader.queue(new Message.ChunkRequest(shared.id(), i % 3));
            }
            downloader.flush();
            assertThat(downloader.next().message()).isInstanceOf(Message.ChunkData.class);

            downloader.hangUp();

            await().atMost(Duration.ofSeconds(20)).until(() -> server.stats().activeConnections() == 0);
        }

        String logged = log.toString(StandardCharsets.UTF_8);
        assertThat(logged).doesNotContain("WARN").doesNotContain("ERROR").doesNotContain("\tat ");
        assertHonestClientsAreStillServed();
    }
}
