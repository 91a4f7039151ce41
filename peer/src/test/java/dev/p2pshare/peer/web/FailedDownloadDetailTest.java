package dev.p2pshare.peer.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.p2pshare.peer.transfer.DownloadException.Remedy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The page words what to do after a failed download in its own terms, never with a shell command. */
class FailedDownloadDetailTest {

    @ParameterizedTest
    @EnumSource(Remedy.class)
    void everyRemedyIsWordedWithoutShellCommands(Remedy remedy) {
        String advice = WebApi.whatToDo(remedy);

        assertThat(advice).doesNotContain("'get'").doesNotContain("run ");
        assertThat(advice.isEmpty()).isEqualTo(remedy == Remedy.NONE);
    }
}
