package dev.p2pshare.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the decoder refuses, and with which code. */
class MessageDecodingTest {

    private static final String ID = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

    private static ProtocolException refusal(String json) {
        try {
            MessageCodec.decode(json.getBytes(StandardCharsets.UTF_8));
        } catch (ProtocolException e) {
            return e;
        }
        throw new AssertionError("accepted: " + json.substring(0, Math.min(json.length(), 200)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "not json",
        "[1,2]",
        "\"hello\"",
        "{}",
        "{\"type\":\"nope\"}",
        "{\"type\":\"search\",\"query\":\"x\"}",
        "{\"type\":\"search\",\"query\":\"x\",\"limit\":\"5\"}",
        "{\"type\":\"search\",\"query\":\"x\",\"limit\":5.5}",
        "{\"type\":\"search\",\"query\":\"x\",\"limit\":0}",
        "{\"type\":\"search\",\"query\":\"x\",\"limit\":5,\"limit\":6}",
        "{\"type\":\"search\",\"query\":null,\"limit\":5}",
        "{\"type\":\"heartbeat\"} trailing",
        "{\"type\":\"error\",\"code\":\"made-up\",\"detail\":\"\"}",
        "{\"type\":\"locate\",\"idPrefix\":\"ABCDEF\"}",
        "{\"type\":\"locate\",\"idPrefix\":\"abc\"}",
        "{\"type\":\"chunk-request\",\"id\":\"" + ID + "\",\"index\":-1}",
        "{\"type\":\"chunk-request\",\"id\":\"" + ID + "\",\"index\":99999999999999999999}",
        "{\"type\":\"manifest\",\"id\":\"" + ID + "\",\"size\":1099511627777}",
        "{\"type\":\"register\",\"name\":\"a\",\"port\":0,\"files\":[]}",
        "{\"type\":\"register\",\"name\":\"a\",\"port\":1,\"files\":[{\"id\":\"" + ID + "\",\"name\":\"../x\",\"size\":1}]}",
        "{\"type\":\"register\",\"name\":\"a\",\"port\":1,\"files\":[{\"id\":\"" + ID + "\",\"name\":\"a\\u0000b\",\"size\":1}]}",
        "{\"type\":\"register\",\"name\":\"a\",\"port\":1,\"files\":[null]}",
        "{\"type\":\"hello\",\"version\":1,\"agent\":5}",
        "{\"type\":\"hello\",\"version\":1,\"agent\":true}",
        "{\"type\":\"search\",\"query\":1.5,\"limit\":5}",
        "null",
        "[\"list-peers\",{}]",
        "\ufeff{\"type\":\"heartbeat\"}",
        "{\"type\":\"register\",\"name\":\"a\\ud800b\",\"port\":1,\"files\":[]}",
        "{\"type\":\"broadcast-text\",\"text\":\"hi \\udc00\"}",
        "{\"type\":\"broadcast-text\",\"text\":\"line\\u2028break\"}",
        "{\"type\":\"register\",\"name\":\"a\",\"port\":1,\"files\":[{\"id\":\"" + ID + "\",\"name\":\"x\\u200fy\",\"size\":1}]}",
        "{\"type\":\"registered\",\"peerId\":\"" + ID + "\",\"host\":\"evil.invalid\",\"ttlSeconds\":30}",
        "{\"type\":\"subscribe\",\"presence\":true,\"summaries\":null}",
        "{\"type\":\"subscribe\",\"presence\":true,\"summaries\":1}",
        "{\"type\":\"subscribe\",\"presence\":true,\"summaries\":\"true\"}",
        "{\"type\":\"subscribe\",\"summaries\":true}",
        "{\"type\":\"presence-changed\",\"joined\":0,\"left\":0,\"online\":3}",
        "{\"type\":\"presence-changed\",\"joined\":-1,\"left\":2,\"online\":3}",
        "{\"type\":\"presence-changed\",\"joined\":1,\"left\":2}",
    })
    void invalidHeadersAreBadMessages(String json) {
        assertThat(refusal(json).code()).isEqualTo(ErrorCode.BAD_MESSAGE);
    }

    @Test
    void headersThatAreNotUtf8AreBadMessages() {
        byte[] malformed = {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'};
        assertThatThrownBy(() -> MessageCodec.decode(malformed))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("the header is not valid UTF-8");
        // UTF-16 of ASCII text is valid UTF-8 with NUL bytes, which JSON does not allow between tokens.
        byte[] utf16 = "{\"type\":\"heartbeat\"}".getBytes(StandardCharsets.UTF_16BE);
        assertThat(assertThrows(ProtocolException.class, () -> MessageCodec.decode(utf16)).code())
                .isEqualTo(ErrorCode.BAD_MESSAGE);
    }

    @Test
    void headersThatAreNotObjectsSayWhatTheyAre() {
        assertThat(refusal("null").getMessage()).isEqualTo("a message is a JSON object, not null");
        assertThat(refusal("[1]").getMessage()).isEqualTo("a message is a JSON object, not an array");
    }

    @Test
    void unknownTypeIsNamedInTheDetail() {
        assertThat(refusal("{\"type\":\"teleport\"}").getMessage()).isEqualTo("unknown message type 'teleport'");
    }

    @Test
    void fieldRuleViolationsExplainThemselves() {
        assertThat(refusal("{\"type\":\"search\",\"query\":\"x\",\"limit\":0}").getMessage())
                .isEqualTo("invalid message: limit must be 1 to 1000, not 0");
        assertThat(refusal("{\"type\":\"search\",\"query\":\"x\"}").getMessage())
                .isEqualTo("invalid message: Missing creator property 'limit'");
    }

    @Test
    void deepNestingIsRefusedBeforeItIsBuilt() {
        String deep = "{\"type\":\"heartbeat\",\"x\":" + "[".repeat(1000) + "]".repeat(1000) + "}";
        assertThat(refusal(deep).code()).isEqualTo(ErrorCode.BAD_MESSAGE);
        assertThat(refusal(deep).getMessage()).contains("nesting depth");
    }

    @Test
    void hugeStringsAreRefusedWhileParsing() {
        String huge = "{\"type\":\"search\",\"query\":\"" + "a".repeat(Limits.MAX_JSON_STRING_CHARS + 1)
                + "\",\"limit\":1}";
        assertThat(refusal(huge).getMessage()).contains("String value length");
    }

    @Test
    void longNumbersAreRefused() {
        String json = "{\"type\":\"search\",\"query\":\"x\",\"limit\":" + "1".repeat(1000) + "}";
        assertThat(refusal(json).code()).isEqualTo(ErrorCode.BAD_MESSAGE);
    }

    @Test
    void unknownFieldsAreIgnoredSoVersionsCanGrow() throws ProtocolException {
        Message message = MessageCodec.decode(
                "{\"type\":\"search\",\"query\":\"x\",\"limit\":5,\"since\":\"2027\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(message).isEqualTo(new Message.Search("x", 5));
    }

    @Test
    void anOptionalFlagLeftOutIsFalseAndIsLeftOutAgain() throws ProtocolException {
        byte[] json = "{\"type\":\"subscribe\",\"presence\":true}".getBytes(StandardCharsets.UTF_8);

        Message message = MessageCodec.decode(json);

        assertThat(message).isEqualTo(new Message.Subscribe(true, false));
        assertThat(MessageCodec.encode(message)).isEqualTo(json);
    }

    @Test
    void encodingAnUnlistedTypeIsABug() {
        assertThatThrownBy(() -> MessageCodec.typeName(Message.class))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
