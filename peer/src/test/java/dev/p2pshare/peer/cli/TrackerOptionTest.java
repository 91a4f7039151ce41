package dev.p2pshare.peer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.p2pshare.peer.net.TrackerAddress;
import dev.p2pshare.protocol.NodeId;
import dev.p2pshare.protocol.transport.Endpoint;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** {@code --tracker} takes one tracker or a list, each checked before anything starts. */
class TrackerOptionTest {

    private static final String ID = "ab".repeat(32);
    private static final String OTHER_ID = "cd".repeat(32);

    @TempDir
    Path temp;

    private final StringWriter err = new StringWriter();

    private static List<TrackerAddress> parsed(String... args) {
        CommandLine commandLine = PeerMain.commandLine();
        commandLine.parseArgs(args);
        List<TrackerListConverter.TrackerList> lists = commandLine.getCommandSpec().findOption("--tracker").getValue();
        return lists == null ? List.of() : lists.stream().flatMap(list -> list.trackers().stream()).toList();
    }

    /** Runs the command line; it must stop at a usage error before starting a peer. */
    private int run(String... args) {
        CommandLine commandLine = PeerMain.commandLine();
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    @Test
    void oneTrackerAsBefore() {
        assertThat(parsed("folder", "--tracker", "tracker.lan:7000#" + ID))
                .containsExactly(new TrackerAddress(new Endpoint("tracker.lan", 7000), Optional.of(NodeId.of(ID))));
        assertThat(parsed("folder")).as("none: the peer looks on the LAN").isEmpty();
    }

    @Test
    void aListSeparatedByCommasAndRepeatedOptionsKeepTheirOrderAndEachItsOwnId() {
        assertThat(parsed("folder", "--tracker", "a:6969#" + ID + ", b:6970", "--tracker", "c:6971#" + OTHER_ID))
                .containsExactly(new TrackerAddress(new Endpoint("a", 6969), Optional.of(NodeId.of(ID))),
                        new TrackerAddress(new Endpoint("b", 6970), Optional.empty()),
                        new TrackerAddress(new Endpoint("c", 6971), Optional.of(NodeId.of(OTHER_ID))));
    }

    @Test
    void aMalformedEntryAnywhereInTheListIsAUsageErrorThatQuotesIt() {
        assertThat(run(temp.resolve("f").toString(), "--tracker", "a:6969,nowhere")).isEqualTo(2);
        assertThat(err.toString()).contains("expected HOST:PORT, not 'nowhere'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a:6969,,b:6970", "a:6969,", ",a:6969", ""})
    void anEmptyEntryIsAUsageError(String list) {
        assertThat(run(temp.resolve("f").toString(), "--tracker", list)).isEqualTo(2);
        assertThat(err.toString()).contains("expected HOST:PORT, not ''");
    }

    @Test
    void aBadIdIsAUsageErrorThatSaysWhatAnIdIs() {
        assertThat(run(temp.resolve("f").toString(), "--tracker", "a:6969#" + ID + ",b:6970#abc")).isEqualTo(2);
        assertThat(err.toString()).contains("the tracker id after '#' must be the 64 hex digits");
    }

    @Test
    void anAddressListedTwiceIsAUsageErrorAndNothingIsCreated() {
        Path folder = temp.resolve("never-created");

        assertThat(run(folder.toString(), "--tracker", "a:6969,b:6970", "--tracker", "a:6969#" + ID)).isEqualTo(2);

        assertThat(err.toString()).contains("peer: --tracker: a:6969 is listed twice");
        assertThat(folder).doesNotExist();
    }
}
