package dev.p2pshare.peer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextStyleTest {

    @Test
    void colourUnlessTheFlagOrANonEmptyNoColorVariableSaysNone() {
        assertThat(TextStyle.forTerminal(false, null).colour()).isTrue();
        assertThat(TextStyle.forTerminal(false, "").colour()).isTrue();
        assertThat(TextStyle.forTerminal(false, "1").colour()).isFalse();
        assertThat(TextStyle.forTerminal(true, null).colour()).isFalse();
    }

    @Test
    void plainLeavesTextAloneAndColourWrapsItInEscapes() {
        assertThat(TextStyle.PLAIN.error("error: no such file")).isEqualTo("error: no such file");
        assertThat(TextStyle.PLAIN.heading("NAME")).isEqualTo("NAME");
        String red = new TextStyle(true).error("error: no such file");
        assertThat(red).startsWith("\033[").contains("error: no such file").endsWith("\033[0m");
        assertThat(new TextStyle(true).success("got a.txt")).contains("\033[").contains("got a.txt");
    }
}
