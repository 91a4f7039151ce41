package dev.p2pshare.peer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.p2pshare.peer.BackgroundDownloads;
import dev.p2pshare.peer.transfer.Cancellation;
import dev.p2pshare.peer.transfer.DownloadException.Remedy;
import dev.p2pshare.protocol.FileId;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The download engine says what can be done after a failure; the shell says it in its own words,
 * naming its command.
 */
class FailedDownloadWordingTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "NONE                      | could not get data.bin: it broke",
        "GET_AGAIN                 | could not get data.bin: it broke; run 'get' again to resume it",
        "FREE_SPACE_THEN_GET_AGAIN | could not get data.bin: it broke; free some space, then run 'get' again to resume it",
        "FREE_SPACE_THEN_GET       | could not get data.bin: it broke; free some space, then run 'get' again",
        "SEARCH_FIRST              | could not get data.bin: it broke; run 'search' first",
        "CHOOSE_ANOTHER_NAME       | could not get data.bin: it broke; choose another with --as NAME",
    })
    void aFailedBackgroundDownloadEndsWithWhatToDoInTheShellsWords(Remedy remedy, String line) {
        BackgroundDownloads.Ending ending = new BackgroundDownloads.Ending(
                new BackgroundDownloads.Running(FileId.of("ab".repeat(32)), "data.bin", new Cancellation()),
                Optional.empty(), false, Optional.of("it broke"), remedy);

        assertThat(GetCommand.ended(ending, TextStyle.PLAIN)).isEqualTo(line);
    }
}
