package dev.p2pshare.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code docs/PROTOCOL.md} true to the code: its examples, error table, limits table and
 * worked hashes are checked against what the protocol classes do.
 */
class ProtocolDocumentTest {

    /** Surefire runs with the module directory as the working directory. */
    private static final Path DOCUMENT = Path.of("..", "docs", "PROTOCOL.md");

    private static final Pattern JSON_BLOCK = Pattern.compile("^```json\\n(.*?)\\n```$",
            Pattern.MULTILINE | Pattern.DOTALL);
    private static final Pattern ERROR_ROW = Pattern.compile("^\\|\\s*`([a-z-]+)`\\s*\\|\\s*(yes|no)\\s*\\|",
            Pattern.MULTILINE);
    private static final Pattern LIMIT_ROW = Pattern.compile("^\\|\\s*`([A-Z][A-Z0-9_]*)`\\s*\\|\\s*([^|]*?)\\s*\\|",
            Pattern.MULTILINE);

    private static String document;

    @BeforeAll
    static void readDocument() throws IOException {
        if (!Files.isRegularFile(DOCUMENT)) {
            fail("the protocol document is missing: expected it at " + DOCUMENT.toAbsolutePath().normalize());
        }
        document = Files.readString(DOCUMENT, StandardCharsets.UTF_8).replace("\r\n", "\n");
    }

    @Test
    void everyExampleDecodesToItself() throws ProtocolException {
        List<String> examples = jsonExamples();
        assertThat(examples).as("```json examples in the document").isNotEmpty();
        for (String example : examples) {
            assertThat(example).as("a ```json block holds one message on one line").doesNotContain("\n");
            Message decoded = MessageCodec.decode(example.getBytes(StandardCharsets.UTF_8));
            String encoded = new String(MessageCodec.encode(decoded), StandardCharsets.UTF_8);
            assertThat(encoded).as("the canonical encoding of the example").isEqualTo(example);
        }
    }

    @Test
    void everyMessageTypeHasAnExample() throws ProtocolException {
        Set<String> shown = new TreeSet<>();
        for (String example : jsonExamples()) {
            Message message = MessageCodec.decode(example.getBytes(StandardCharsets.UTF_8));
            shown.add(MessageCodec.typeName(message.getClass()));
        }
        Set<String> all = Arrays.stream(Message.class.getPermittedSubclasses())
                .map(type -> MessageCodec.typeName(type.asSubclass(Message.class)))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(shown).as("message types with an example").containsExactlyInAnyOrderElementsOf(all);
    }

    @Test
    void theCountOfMessageTypesIsRight() {
        Matcher count = Pattern.compile("one of the (\\d+) message types").matcher(section("JSON header"));
        assertThat(count.find()).as("the JSON header section says how many message types there are").isTrue();
        assertThat(Integer.parseInt(count.group(1))).isEqualTo(Message.class.getPermittedSubclasses().length);
    }

    @Test
    void errorTableListsEveryCodeAndWhetherItCloses() {
        Map<String, String> closes = rows(ERROR_ROW, section("Errors"));
        assertThat(closes.keySet()).as("codes in the error table")
                .containsExactlyInAnyOrderElementsOf(
                        Arrays.stream(ErrorCode.values()).map(ErrorCode::wireName).toList());
        SoftAssertions softly = new SoftAssertions();
        for (ErrorCode code : ErrorCode.values()) {
            softly.assertThat(closes.get(code.wireName())).as("'closes' for %s", code.wireName())
                    .isEqualTo(code.closesConnection() ? "yes" : "no");
        }
        softly.assertAll();
    }

    @Test
    void limitTableMatchesTheConstants() throws IllegalAccessException {
        Map<String, String> rows = rows(LIMIT_ROW, section("Limits"));
        Map<String, Long> constants = numericConstants(Limits.class, Manifest.class);
        SoftAssertions softly = new SoftAssertions();
        for (Map.Entry<String, String> row : rows.entrySet()) {
            String digits = row.getValue().replaceAll("[_,]", "");
            softly.assertThat(digits).as("value of %s", row.getKey()).matches("\\d+");
            softly.assertThat(constants).as("constants of Limits and Manifest").containsKey(row.getKey());
            if (digits.matches("\\d+") && constants.containsKey(row.getKey())) {
                softly.assertThat(Long.parseLong(digits)).as("value of %s", row.getKey())
                        .isEqualTo(constants.get(row.getKey()));
            }
        }
        softly.assertThat(rows.keySet()).as("constants in the limits table")
                .containsAll(constants.keySet());
        softly.assertAll();
    }

    @Test
    void workedExamplesAreWhatManifestComputes() {
        Manifest empty = new Manifest.Builder(0).build();

        byte[] hello = "hello\n".getBytes(StandardCharsets.US_ASCII);
        Manifest small = new Manifest.Builder(hello.length).addChunk(hello, 0, hello.length).build();

        byte[] large = new byte[Manifest.CHUNK_SIZE + 1];
        large[Manifest.CHUNK_SIZE] = 'x';
        Manifest twoChunks = new Manifest.Builder(large.length)
                .addChunk(large, 0, Manifest.CHUNK_SIZE)
                .addChunk(large, Manifest.CHUNK_SIZE, 1)
                .build();

        assertThat(small.chunkCount()).isEqualTo(1);
        assertThat(twoChunks.chunkCount()).isEqualTo(2);
        Map<String, String> computed = new LinkedHashMap<>();
        computed.put("id of the empty file", empty.id().hex());
        computed.put("chunk 0 hash of hello\\n", hex(small.chunkHash(0)));
        computed.put("id of hello\\n", small.id().hex());
        computed.put("chunk 0 hash of the 1048577-byte file", hex(twoChunks.chunkHash(0)));
        computed.put("chunk 1 hash of the 1048577-byte file", hex(twoChunks.chunkHash(1)));
        computed.put("id of the 1048577-byte file", twoChunks.id().hex());
        String examples = section("Content addressing");
        SoftAssertions softly = new SoftAssertions();
        computed.forEach((what, value) -> softly.assertThat(examples.contains(value))
                .as("the worked examples show the %s, %s", what, value).isTrue());
        softly.assertAll();
    }

    @Test
    void frameExampleIsWhatTheWriterWrites() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        FrameWriter writer = new FrameWriter(bytes);
        writer.send(new Message.Heartbeat());
        String frame = HexFormat.ofDelimiter(" ").formatHex(bytes.toByteArray());
        assertThat(section("Framing").contains(frame)).as("the framing section shows a heartbeat as %s", frame).isTrue();
    }

    /** The one-line contents of every ```json block. */
    private static List<String> jsonExamples() {
        List<String> examples = new ArrayList<>();
        Matcher matcher = JSON_BLOCK.matcher(document);
        while (matcher.find()) {
            examples.add(matcher.group(1));
        }
        return examples;
    }

    /** The text under the level-2 heading titled {@code title} (after its number), up to the next one. */
    private static String section(String title) {
        Matcher heading = Pattern.compile("^## (?:\\d+\\. )?" + Pattern.quote(title) + "\\s*$", Pattern.MULTILINE)
                .matcher(document);
        if (!heading.find()) {
            fail("the document has no section '## " + title + "'");
        }
        int end = document.indexOf("\n## ", heading.end());
        return document.substring(heading.end(), end < 0 ? document.length() : end);
    }

    /** First column to second column, for every table row whose first column matches {@code row}. */
    private static Map<String, String> rows(Pattern row, String text) {
        Map<String, String> rows = new LinkedHashMap<>();
        Matcher matcher = row.matcher(text);
        while (matcher.find()) {
            String previous = rows.put(matcher.group(1), matcher.group(2));
            assertThat(previous).as("%s is listed once", matcher.group(1)).isNull();
        }
        return rows;
    }

    private static Map<String, Long> numericConstants(Class<?>... owners) throws IllegalAccessException {
        Map<String, Long> constants = new LinkedHashMap<>();
        for (Field field : Stream.of(owners).flatMap(owner -> Arrays.stream(owner.getDeclaredFields())).toList()) {
            int modifiers = field.getModifiers();
            boolean constant = Modifier.isPublic(modifiers) && Modifier.isStatic(modifiers) && Modifier.isFinal(modifiers);
            if (constant && (field.getType() == int.class || field.getType() == long.class)) {
                constants.put(field.getName(), ((Number) field.get(null)).longValue());
            }
        }
        return constants;
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
