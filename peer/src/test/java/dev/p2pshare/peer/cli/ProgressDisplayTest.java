package dev.p2pshare.peer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.p2pshare.protocol.FileEntry;
import dev.p2pshare.protocol.FileId;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.jline.utils.AttributedString;
import org.junit.jupiter.api.Test;

class ProgressDisplayTest {

    private static final long MIB = 1024 * 1024;

    private final AtomicReference<List<String>> screen = new AtomicReference<>(List.of());
    private final ProgressBoard board = new ProgressBoard(screen::set);

    private String line(int index) {
        List<String> lines = screen.get();
        return lines.size() > index ? AttributedString.fromAnsi(lines.get(index)).toString() : "";
    }

    @Test
    void drawsNamePercentBytesRateAndSourcesOnItsLineThenTakesItAway() {
        ProgressDisplay display = new ProgressDisplay(board, new TextStyle(true), 120, () -> 3);
        display.started(new FileEntry(FileId.of("ab".repeat(32)), "holiday-2024.mp4", 200 * MIB), 1);
        display.progressed(100 * MIB);

        // The rate shows once a second has passed; until then it is '?'.
        await().atMost(Duration.ofSeconds(10)).until(() -> line(0).matches(".*\\d+\\.\\d MiB/s.*"));
        assertThat(line(0)).contains("holiday-2024.mp4").contains("50%").contains("100/200 MiB").contains("from 3 peers")
                .containsPattern("\\(\\d+:\\d\\d:\\d\\d / \\d+:\\d\\d:\\d\\d\\)");
        assertThat(line(0).length()).isLessThanOrEqualTo(119);

        display.finished();
        assertThat(screen.get()).isEmpty();
        assertThat(board.prompt("p2p> ")).isEqualTo("p2p> ");
    }

    @Test
    void eachDownloadHasALineOfItsOwn() {
        ProgressDisplay first = new ProgressDisplay(board, TextStyle.PLAIN, 100, () -> 1);
        ProgressDisplay second = new ProgressDisplay(board, TextStyle.PLAIN, 100, () -> 2);
        first.started(new FileEntry(FileId.of("ab".repeat(32)), "first.bin", 10 * MIB), 1);
        second.started(new FileEntry(FileId.of("cd".repeat(32)), "second.bin", 10 * MIB), 2);

        await().atMost(Duration.ofSeconds(10)).until(() -> screen.get().size() == 2);
        assertThat(line(0)).contains("first.bin");
        assertThat(line(1)).contains("second.bin");
        assertThat(board.prompt("p2p> ")).as("the bars above the prompt").matches("(?s).*first\\.bin +\\d+%%.*\\n.*second\\.bin.*\\np2p> ");
        first.finished();
        assertThat(screen.get()).hasSize(1);
        assertThat(line(0)).contains("second.bin");
        second.finished();
        assertThat(screen.get()).isEmpty();
    }
}
