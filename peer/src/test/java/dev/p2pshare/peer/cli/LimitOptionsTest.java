package dev.p2pshare.peer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code --upload-limit} and {@code --download-limit}: in the help, and checked before anything starts. */
class LimitOptionsTest {

    @TempDir
    Path temp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine commandLine = PeerMain.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    @Test
    void theHelpListsBothLimitsAndTheShellCommandThatChangesThem() {
        assertThat(run("--help")).isZero();
        // The help wraps its lines to the terminal: compared with the words alone.
        String help = out.toString().replaceAll("\\s+", " ");
        assertThat(help).contains("--upload-limit=MIB", "--download-limit=MIB", "limit [up|down MIB]",
                "The shell's 'limit up MIB' changes it while the peer runs",
                "The shell's 'limit down MIB' changes it while the peer runs");
    }

    @Test
    void aNegativeLimitIsAUsageError() {
        assertThat(run(temp.toString(), "--download-limit", "-1")).isEqualTo(2);
        assertThat(err.toString())
                .contains("peer: --download-limit: a limit is 0 or more MiB per second (0 for none), not -1");
    }

    @Test
    void aLimitUnderAByteASecondIsAUsageErrorRatherThanNoLimit() {
        assertThat(run(temp.toString(), "--upload-limit", "0.0000001")).isEqualTo(2);
        assertThat(err.toString()).contains("peer: --upload-limit: 1.0E-7 MiB per second is under a byte per second");
    }
}
