package dev.p2pshare.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Printed text shows as an escape exactly what no string of the protocol may hold. */
class PrintableTest {

    @Test
    void everyCharacterAMessageRefusesIsEscapedAndNoOther() {
        for (char c = 0; c < Character.MAX_VALUE; c++) {
            String text = "a" + c + "b";
            boolean refused = Checks.firstUnsafe(text) >= 0;
            boolean escaped = !Printable.escape(text).equals(text);
            assertThat(escaped).as("U+%04X is escaped exactly when a message refuses it", (int) c).isEqualTo(refused);
        }
    }

    @Test
    void escapedTextIsLeftAsItIs() {
        String once = Printable.escape("a\u001bb\nc\u202E\ud800");
        assertThat(Printable.escape(once)).isEqualTo(once);
    }

    @Test
    void pairedSurrogatesAreCharactersLikeAnyOther() {
        assertThat(Printable.escape("party \uD83C\uDF89")).isEqualTo("party \uD83C\uDF89");
    }
}
