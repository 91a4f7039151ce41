package dev.p2pshare.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A name on the wire is a base name, and nothing that could address anything else. */
class FileNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"notes.txt", "holiday photos 2024.zip", ".profile", "a", "Ürlaub-東京.jpg", "...x",
        "con.txt", "name with trailing space ", "🎉.png"})
    void ordinaryNamesAreValid(String name) {
        assertThat(FileNames.problem(name)).isEmpty();
        assertThat(FileNames.require(name)).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "../etc/passwd", "a/../../b", "/etc/passwd", "dir/file", "..\\windows",
        "C:\\boot.ini", "a\u0000b", "line\nbreak", "tab\there", "bell\u0007", "del\u007f", "c1\u0085control",
        "invoice\u202Efdp.exe", "isolate\u2066x\u2069.txt", "mark\u200Ed.pdf", "right\u200Fmark.exe",
        "arabic\u061Cmark.txt", "line\u2028separator.txt", "paragraph\u2029separator.txt"})
    void namesThatCouldEscapeOrConfuseAreInvalid(String name) {
        assertThat(FileNames.problem(name)).isPresent();
        assertThatThrownBy(() -> FileNames.require(name)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nullIsInvalid() {
        assertThat(FileNames.problem(null)).contains("a file name is required");
    }

    @Test
    void unpairedSurrogatesAreInvalid() {
        assertThat(FileNames.problem("a\ud800b")).contains("a file name cannot contain an unpaired surrogate");
        assertThat(FileNames.problem("a\udc00")).isPresent();
    }

    @Test
    void lengthIsCountedInUtf8Bytes() {
        assertThat(FileNames.problem("a".repeat(255))).isEmpty();
        assertThat(FileNames.problem("a".repeat(256))).contains("a file name is at most 255 bytes of UTF-8, not 256");
        assertThat(FileNames.problem("\u00e9".repeat(127))).isEmpty();
        assertThat(FileNames.problem("\u00e9".repeat(128))).contains("a file name is at most 255 bytes of UTF-8, not 256");
        assertThat(FileNames.problem("\u20ac".repeat(85))).isEmpty();
        assertThat(FileNames.problem("\u20ac".repeat(86))).contains("a file name is at most 255 bytes of UTF-8, not 258");
        // 86 three-byte characters are 258 bytes though only 86 characters.
        assertThat(FileNames.problem("東".repeat(86))).isPresent();
        assertThat(FileNames.problem("東".repeat(85))).isEmpty();
    }

    @Test
    void peerNamesAreShortPrintableAndNotBlank() {
        assertThat(FileNames.requirePeerName("alice's laptop")).isEqualTo("alice's laptop");
        assertThatThrownBy(() -> FileNames.requirePeerName(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FileNames.requirePeerName("x".repeat(65))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FileNames.requirePeerName("evil\u001b[2J")).isInstanceOf(IllegalArgumentException.class);
    }
}
