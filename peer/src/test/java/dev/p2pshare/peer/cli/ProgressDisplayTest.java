package dev.p2pshare.peer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.p2pshare.protocol.FileEntry;
import dev.p2pshare.protocol.FileId;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The live line an interactive download draws: name, share done, bytes, times and rate. */
@Timeout(30)
class ProgressDisplayTest {

    private static final long MIB = 1024 * 1024;

    @Test
    void drawsNamePercentBytesAndRateThenClearsItself() throws Exception {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        try (Terminal terminal = TerminalBuilder.builder().system(false)
                .streams(new ByteArrayInputStream(new byte[0]), screen)
                .size(new Size(120, 24))
                .build()) {
            ProgressDisplay display = new ProgressDisplay(terminal, new TextStyle(true));
            display.started(new FileEntry(FileId.of("ab".repeat(32)), "holiday-2024.mp4", 200 * MIB), 1);
            display.progressed(100 * MIB);

            // The rate shows once a second has passed; until then it is '?'.
            await().atMost(Duration.ofSeconds(10)).until(() -> text(screen).matches("(?s).*\\d+\\.\\d MiB/s.*"));
            String line = text(screen);
            assertThat(line).contains("holiday-2024.mp4").contains("50%").contains("100/200 MiB");
            assertThat(line).containsPattern("\\(\\d+:\\d\\d:\\d\\d / \\d+:\\d\\d:\\d\\d\\)");

            display.finished();
            await().atMost(Duration.ofSeconds(10)).until(() -> afterLastRate(text(screen)).endsWith("\r"));
            assertThat(afterLastRate(text(screen))).isBlank();
        }
    }

    /** What was drawn after the last rate: the clearing of the line, once the download ends. */
    private static String afterLastRate(String drawn) {
        return drawn.substring(drawn.lastIndexOf("MiB/s") + "MiB/s".length());
    }

    private static String text(ByteArrayOutputStream screen) {
        return screen.toString(StandardCharsets.UTF_8);
    }
}
