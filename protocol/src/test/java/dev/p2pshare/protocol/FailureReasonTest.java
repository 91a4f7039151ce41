package dev.p2pshare.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.io.IOException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A failure in words: never "null", never a bare class name where the cause says more, never raw control characters. */
class FailureReasonTest {

    static Stream<Throwable> failuresWithoutMessages() {
        return Stream.of(new UnknownHostException(), new UnresolvedAddressException(), new ClosedChannelException(),
                new EOFException(), new IOException(), new IllegalStateException(), new AccessDeniedException(null),
                new FileSystemException("/some/file"), new IOException(new UnknownHostException()));
    }

    @ParameterizedTest
    @MethodSource("failuresWithoutMessages")
    void noFailureReadsNull(Throwable failure) {
        assertThat(FailureReason.of(failure)).isNotBlank().doesNotContain("null");
    }

    @Test
    void aFailureMadeOfItsCauseIsWordedAsTheCause() {
        assertThat(FailureReason.of(new IOException(new UnresolvedAddressException()))).isEqualTo("unknown host");
        assertThat(FailureReason.of(new IOException(new AccessDeniedException("/srv/a")))).isEqualTo("permission denied");
        assertThat(FailureReason.of(new IOException("could not save", new AccessDeniedException("/srv/a"))))
                .isEqualTo("could not save");
    }

    @Test
    void whatAFailureQuotesIsEscaped() {
        assertThat(FailureReason.of(new IOException("bad\u001b[2J\nname"))).isEqualTo("bad\\e[2J\\nname");
        assertThat(FailureReason.of(new UnknownHostException("evil\u202E.invalid"))).isEqualTo("unknown host evil\\u202E.invalid");
    }

    @Test
    void aFileFailureNamesItsFileWhenAskedTo() {
        AccessDeniedException denied = new AccessDeniedException("/srv/share/secret.bin");
        assertThat(denied.getMessage()).as("the JDK's own words").isEqualTo("/srv/share/secret.bin");
        assertThat(FailureReason.of(denied)).isEqualTo("permission denied");
        assertThat(FailureReason.withFile(denied)).isEqualTo("/srv/share/secret.bin: permission denied");
        assertThat(FailureReason.withFile(new IOException("plain"))).isEqualTo("plain");
    }
}
