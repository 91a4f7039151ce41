package dev.p2pshare.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.p2pshare.protocol.transport.Endpoint;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Ids, endpoints and the field rules the message constructors enforce. */
class ValuesTest {

    private static final FileId ID = FileId.of("0123456789abcdef".repeat(4));

    @Test
    void fileIdsAreSixtyFourLowerCaseHexDigits() {
        assertThat(ID.shortHex()).isEqualTo("0123456789ab");
        assertThatThrownBy(() -> FileId.of("0123456789ABCDEF".repeat(4))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FileId.of("abc")).isInstanceOf(IllegalArgumentException.class);
        // Every neighbour of the ranges 0-9 and a-f, anywhere in the id.
        for (char outside : new char[] {'/', ':', '`', 'g', 'A', 'F', ' ', '\u0130', '\uff10'}) {
            for (int at : new int[] {0, 31, 63}) {
                String hex = ID.hex().substring(0, at) + outside + ID.hex().substring(at + 1);
                assertThatThrownBy(() -> FileId.of(hex)).as("%s at %d", outside, at)
                        .isInstanceOf(IllegalArgumentException.class);
            }
        }
    }

    @Test
    void prefixesAreSixToSixtyFourHexDigits() {
        assertThat(FileId.isPrefix("012345")).isTrue();
        assertThat(FileId.isPrefix("01234")).isFalse();
        assertThat(FileId.isPrefix("01234g")).isFalse();
        assertThat(FileId.isPrefix(ID.hex())).isTrue();
        assertThat(FileId.isPrefix(ID.hex() + "0")).isFalse();
        assertThat(ID.startsWith("012345")).isTrue();
    }

    @Test
    void endpointsParseHostsPortsAndBracketedV6() {
        assertThat(Endpoint.parse("127.0.0.1:6969")).isEqualTo(new Endpoint("127.0.0.1", 6969));
        assertThat(Endpoint.parse("tracker.lan:7000")).isEqualTo(new Endpoint("tracker.lan", 7000));
        assertThat(Endpoint.parse("[::1]:6969")).isEqualTo(new Endpoint("::1", 6969));
        assertThat(new Endpoint("::1", 6969)).hasToString("[::1]:6969");
        assertThatThrownBy(() -> Endpoint.parse("::1:6969")).hasMessageContaining("brackets");
        assertThatThrownBy(() -> Endpoint.parse("host")).hasMessageContaining("HOST:PORT");
        assertThatThrownBy(() -> Endpoint.parse("host:99999")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Endpoint.parse("host:http")).hasMessageContaining("not a number");
    }

    @Test
    void registerRefusesMoreFilesThanOneMessageMayCarry() {
        List<FileEntry> tooMany = Collections.nCopies(Limits.MAX_FILES_PER_MESSAGE + 1, new FileEntry(ID, "a", 1));
        assertThatThrownBy(() -> new Message.Register("alice", 1, tooMany)).hasMessageContaining("at most 1000");
    }

    @Test
    void messagesCopyTheirListsSoTheyCannotChangeLater() {
        List<FileEntry> files = new java.util.ArrayList<>(List.of(new FileEntry(ID, "a", 1)));
        Message.Register register = new Message.Register("alice", 1, files);
        files.clear();
        assertThat(register.files()).hasSize(1);
    }

    @Test
    void portsAndSizesAreRangeChecked() {
        assertThatThrownBy(() -> new Message.Register("alice", 0, List.of())).hasMessageContaining("port");
        assertThatThrownBy(() -> new Message.Register("alice", 65_536, List.of())).hasMessageContaining("port");
        assertThatThrownBy(() -> new FileEntry(ID, "a", -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FileEntry(ID, "a", Limits.MAX_FILE_SIZE + 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Message.Search("   ", 10)).hasMessageContaining("word");
    }

    @Test
    void errorRepliesCutLongDetails() {
        Message.ErrorReply reply = Message.ErrorReply.of(new ProtocolException(ErrorCode.INTERNAL, "x".repeat(5000)));
        assertThat(reply.detail()).hasSize(Limits.MAX_DETAIL_CHARS);
    }

    @Test
    void errorRepliesEscapeCharactersThatCouldTakeOverATerminal() {
        Message.ErrorReply reply = Message.ErrorReply.of(new ProtocolException(ErrorCode.INTERNAL,
                "bad\u001b[2Jthing\nhappened\u202E\ud800"));
        assertThat(reply.detail()).isEqualTo("bad\\e[2Jthing\\nhappened\\u202E\\uD800");
    }

    @Test
    void errorRepliesCutTooLongDetailsBeforeAPairRatherThanInsideIt() {
        String detail = "x".repeat(Limits.MAX_DETAIL_CHARS - 1) + "\uD83C\uDF89";
        Message.ErrorReply reply = Message.ErrorReply.of(new ProtocolException(ErrorCode.INTERNAL, detail));
        assertThat(reply.detail()).isEqualTo("x".repeat(Limits.MAX_DETAIL_CHARS - 1));
    }

    @Test
    void freeTextFieldsRefuseEscapesAndBidiControls() {
        assertThatThrownBy(() -> new Message.Hello(1, "evil\u001b[31m")).hasMessageContaining("U+001B");
        assertThatThrownBy(() -> new PeerEntry(NodeId.of("a".repeat(64)), "alice", "1.2.3.4\u202E", 1, 0))
                .hasMessageContaining("U+202E");
        assertThatThrownBy(() -> new Message.ErrorReply(ErrorCode.INTERNAL, "\u001b]0;owned\u0007"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FileNames.requirePeerName("mallory\u202E")).hasMessageContaining("U+202E");
    }

    @Test
    void unpairedSurrogatesAreRefusedInEveryString() {
        NodeId id = NodeId.of("a".repeat(64));
        assertThatThrownBy(() -> FileNames.requirePeerName("a\ud800b")).hasMessageContaining("unpaired surrogate");
        assertThatThrownBy(() -> new Message.Register("a\udc00", 1, List.of())).hasMessageContaining("unpaired surrogate");
        assertThatThrownBy(() -> new Message.Hello(1, "agent\ud800")).hasMessageContaining("unpaired surrogate");
        assertThatThrownBy(() -> new Message.SendText(id, "hi \ud800")).hasMessageContaining("unpaired surrogate");
        assertThatThrownBy(() -> new Message.Search("x\ud800", 10)).hasMessageContaining("unpaired surrogate");
        assertThatThrownBy(() -> new Message.ErrorReply(ErrorCode.INTERNAL, "\udfff")).hasMessageContaining("surrogate");
        assertThat(new Message.BroadcastText("a pair is text: 🎉").text()).endsWith("🎉");
    }

    @Test
    void bidiMarksAndLineSeparatorsAreRefusedInTexts() {
        for (char c : new char[] {'\u200E', '\u200F', '\u061C', '\u2028', '\u2029'}) {
            assertThatThrownBy(() -> new Message.BroadcastText("a" + c + "b"))
                    .hasMessageContaining(String.format("U+%04X", (int) c));
        }
    }

    @Test
    void hostsAreIpLiteralsNeverNamesToLookUp() {
        NodeId id = NodeId.of("a".repeat(64));
        for (String host : List.of("192.168.1.20", "0.0.0.0", "255.255.255.255", "0:0:0:0:0:0:0:1", "::1",
                "fe80:0:0:0:1c2d:3eff:fe4f:5a6b%2", "fe80::1%eth0", "::ffff:10.0.0.1")) {
            assertThat(new PeerEntry(id, "alice", host, 1, 0).host()).isEqualTo(host);
        }
        for (String host : List.of("evil.invalid", "localhost", "256.1.1.1", "1.2.3", "01.2.3.4", "1.2.3.4.5",
                "[::1]", "::1%", "gggg::1", "1.2.3.4%eth0", "example.com:80")) {
            assertThatThrownBy(() -> new PeerEntry(id, "alice", host, 1, 0)).as(host)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("IP address");
        }
        assertThatThrownBy(() -> new Message.Registered(id, "tracker.example", 30)).hasMessageContaining("IP address");
    }

    @Test
    void printableEscapesWhatCouldTakeOverATerminalAndNothingElse() {
        assertThat(Printable.escape("holiday 🎉 été.mp4")).isEqualTo("holiday 🎉 été.mp4");
        assertThat(Printable.escape("red\u001b[31m\nnew line\r\ttab")).isEqualTo("red\\e[31m\\nnew line\\r\\ttab");
        assertThat(Printable.escape("invoice\u202Efdp.exe \u0085 \ud800")).isEqualTo("invoice\\u202Efdp.exe \\u0085 \\uD800");
        assertThat(Printable.escape(java.nio.file.Path.of("/tmp/a\u0007b"))).isEqualTo("/tmp/a\\u0007b");
    }

    @Test
    void failureReasonsSayWhatHappenedAndNeverNull() {
        assertThat(FailureReason.of(new java.nio.file.AccessDeniedException("/srv/secret.txt"))).isEqualTo("permission denied");
        assertThat(FailureReason.of(new java.nio.file.NoSuchFileException("/gone"))).isEqualTo("no such file or folder");
        assertThat(FailureReason.of(new java.nio.file.FileSystemException("/x", null, "No space left on device")))
                .isEqualTo("No space left on device");
        assertThat(FailureReason.of(new java.nio.channels.UnresolvedAddressException())).isEqualTo("unknown host");
        assertThat(FailureReason.of(new java.net.SocketTimeoutException())).isEqualTo("socket timeout");
        assertThat(FailureReason.of(new java.io.IOException("Connection reset"))).isEqualTo("Connection reset");
    }

    @Test
    void errorCodesRoundTripByWireName() {
        for (ErrorCode code : ErrorCode.values()) {
            assertThat(ErrorCode.fromWireName(code.wireName())).isSameAs(code);
        }
        assertThat(ErrorCode.BAD_FRAME.closesConnection()).isTrue();
        assertThat(ErrorCode.NOT_FOUND.closesConnection()).isFalse();
    }

    @Test
    void releaseVersionComesFromTheBuild() {
        assertThat(Release.version()).matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(Release.agent()).isEqualTo("p2pshare/" + Release.version());
    }
}
