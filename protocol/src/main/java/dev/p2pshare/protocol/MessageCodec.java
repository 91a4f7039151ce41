package dev.p2pshare.protocol;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.InjectableValues;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Turns messages into frame headers (UTF-8 JSON) and back.
 *
 * <p>Decoding is strict where leniency could hide an attack or a bug: every field is required,
 * null, duplicate keys, trailing tokens and type coercion ("1" for 1) are rejected, and the parser
 * stops at the nesting, string and number lengths in {@link Limits}. Unknown fields are ignored,
 * so that a version can grow by adding fields. Only the types listed on {@link Message} can be
 * created. Thread-safe.
 */
public final class MessageCodec {

    /**
     * The value an optional flag takes when a message leaves it out: false. Jackson fills a
     * missing constructor parameter only from an injected value, since every other one is required.
     */
    static final String FALSE_WHEN_ABSENT = "false-when-absent";

    private static final JsonMapper MAPPER = JsonMapper.builder(jsonFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .withCoercionConfig(LogicalType.Textual, strings -> strings
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .injectableValues(new InjectableValues.Std().addValue(FALSE_WHEN_ABSENT, false))
            .build();
    private static final ObjectReader READER = MAPPER.readerFor(Message.class);
    private static final ObjectWriter WRITER = MAPPER.writerFor(Message.class);
    private static final Map<Class<?>, String> TYPE_NAMES = Arrays.stream(
                    Message.class.getAnnotation(JsonSubTypes.class).value())
            .collect(Collectors.toUnmodifiableMap(JsonSubTypes.Type::value, JsonSubTypes.Type::name));
    private static final Map<Class<?>, byte[]> CONSTANT_HEADERS = constantHeaders();

    private MessageCodec() {
    }

    /**
     * Jackson's working buffers (about 16 KB of them) that wait for the next message. By default
     * each thread keeps its own, and a server with a thread per connection would keep them once
     * per connection, idle or not; a pool shared by all threads keeps a few.
     */
    private static final int POOLED_BUFFER_SETS = 64;

    private static JsonFactory jsonFactory() {
        return JsonFactory.builder()
                .recyclerPool(JsonRecyclerPools.newBoundedPool(POOLED_BUFFER_SETS))
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(Limits.MAX_JSON_DEPTH)
                        .maxStringLength(Limits.MAX_JSON_STRING_CHARS)
                        .maxNumberLength(Limits.MAX_JSON_NUMBER_CHARS)
                        .maxNameLength(Limits.MAX_JSON_STRING_CHARS)
                        .maxDocumentLength(Limits.MAX_HEADER_BYTES)
                        .build())
                .build();
    }

    /** The JSON header for {@code message}; the caller may keep and change the array. */
    public static byte[] encode(Message message) {
        byte[] constant = CONSTANT_HEADERS.get(message.getClass());
        if (constant != null) {
            return constant.clone();
        }
        return encodeAnew(message);
    }

    private static byte[] encodeAnew(Message message) {
        try {
            return WRITER.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + message.getClass().getSimpleName(), e);
        }
    }

    /**
     * The headers of the message types without fields ({@code ok}, {@code heartbeat}, …), encoded
     * once: every message of such a type has the same header, and an {@code ok} answers most
     * requests.
     */
    private static Map<Class<?>, byte[]> constantHeaders() {
        Map<Class<?>, byte[]> headers = new HashMap<>();
        for (Class<?> type : Message.class.getPermittedSubclasses()) {
            if (type.isRecord() && type.getRecordComponents().length == 0) {
                try {
                    headers.put(type, encodeAnew((Message) type.getDeclaredConstructor().newInstance()));
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot create a " + type.getSimpleName(), e);
                }
            }
        }
        return Map.copyOf(headers);
    }

    /**
     * The message that {@code length} bytes of {@code json} from {@code offset} describe.
     *
     * @throws ProtocolException with {@link ErrorCode#BAD_MESSAGE} if they describe none
     */
    public static Message decode(byte[] json, int offset, int length) throws ProtocolException {
        String text = strictUtf8(json, offset, length);
        try (JsonParser parser = MAPPER.createParser(text)) {
            // Jackson would read 'null' as no message, and ["search", {...}] as a search in its
            // array-wrapped form; a header is an object.
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw new ProtocolException(ErrorCode.BAD_MESSAGE, "a message is a JSON object, not " + kind(first));
            }
            return READER.readValue(parser);
        } catch (InvalidTypeIdException e) {
            throw new ProtocolException(ErrorCode.BAD_MESSAGE,
                    e.getTypeId() == null ? "missing message type" : "unknown message type '" + e.getTypeId() + "'", e);
        } catch (ProtocolException e) {
            throw e;
        } catch (IOException e) {
            throw new ProtocolException(ErrorCode.BAD_MESSAGE, "invalid message: " + reason(e), e);
        }
    }

    /**
     * The header's text. Decoded here rather than by Jackson, which would also take UTF-16 and
     * UTF-32 and skip a byte order mark: the protocol says UTF-8, and nothing else is accepted.
     */
    private static String strictUtf8(byte[] bytes, int offset, int length) throws ProtocolException {
        if (ascii(bytes, offset, length)) {
            // Every header the reference encoder writes without a non-ASCII name in it: valid
            // UTF-8, and the same text, without a decoder made for it.
            return new String(bytes, offset, length, StandardCharsets.US_ASCII);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, offset, length))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ProtocolException(ErrorCode.BAD_MESSAGE, "the header is not valid UTF-8", e);
        }
    }

    private static boolean ascii(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            if (bytes[i] < 0) {
                return false;
            }
        }
        return true;
    }

    private static String kind(JsonToken token) {
        if (token == null) {
            return "nothing";
        }
        return switch (token) {
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.toString();
        };
    }

    /** The message that {@code json} describes. */
    public static Message decode(byte[] json) throws ProtocolException {
        return decode(json, 0, json.length);
    }

    /** The wire name of a message type, such as {@code chunk-request}. */
    public static String typeName(Class<? extends Message> type) {
        String name = TYPE_NAMES.get(type);
        if (name == null) {
            throw new IllegalArgumentException(type + " is not listed on Message");
        }
        return name;
    }

    private static String reason(IOException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = root instanceof JsonProcessingException json ? json.getOriginalMessage() : root.getMessage();
        if (text == null) {
            return root.getClass().getSimpleName();
        }
        // Jackson's messages end with hints about its own settings, which mean nothing to the other side.
        return text.lines().findFirst().orElse(text)
                .replaceAll(" \\(index \\d+\\)", "")
                .replaceAll("; `[A-Za-z_.]+` enabled", "")
                .replaceAll(" \\(but (might|could) if coercion.*\\)", "");
    }
}
