package dev.p2pshare.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.p2pshare.protocol.ErrorCode;
import dev.p2pshare.protocol.ProtocolException;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class NameQueryTest {

    @Test
    void caseIsIgnoredOnBothSides() throws ProtocolException {
        assertThat(NameQuery.parse("HOLIDAY").matches("holiday-2024.zip")).isTrue();
        assertThat(NameQuery.parse("holiday").matches("HOLIDAY-2024.ZIP")).isTrue();
    }

    @Test
    void everyWordMustOccur() throws ProtocolException {
        NameQuery query = NameQuery.parse("holiday 2024");

        assertThat(query.matches("Holiday-2024.zip")).isTrue();
        assertThat(query.matches("Holiday-2023.zip")).isFalse();
        assertThat(query.matches("2024 taxes.pdf")).isFalse();
    }

    @Test
    void wordOrderIsIrrelevant() throws ProtocolException {
        assertThat(NameQuery.parse("2024 holiday").matches("Holiday-2024.zip")).isTrue();
        assertThat(NameQuery.parse("holiday 2024").matches("2024 holidays.txt")).isTrue();
    }

    @Test
    void aWordMatchesInsideLongerWords() throws ProtocolException {
        assertThat(NameQuery.parse("liday").matches("Holidays.tar")).isTrue();
        assertThat(NameQuery.parse("holidays").matches("holiday.tar")).isFalse();
    }

    @Test
    void wordsAreSplitAtAnyWhiteSpace() throws ProtocolException {
        NameQuery query = NameQuery.parse("  holiday\t 2024\n");

        assertThat(query).hasToString("holiday 2024");
        assertThat(query.matches("holiday 2024.zip")).isTrue();
    }

    @Test
    void aRepeatedWordCountsOnce() throws ProtocolException {
        String twentyTimes = "photo ".repeat(20);

        NameQuery query = NameQuery.parse(twentyTimes);

        assertThat(query).hasToString("photo");
        assertThat(query.matches("Photo.jpg")).isTrue();
    }

    @Test
    void wordsDifferingOnlyInCaseAreOneWord() throws ProtocolException {
        assertThat(NameQuery.parse("Photo PHOTO photo")).hasToString("photo");
    }

    @Test
    void sixteenWordsAreAllowed() throws ProtocolException {
        NameQuery query = NameQuery.parse(words(16));

        assertThat(query.matches(words(16).replace(' ', '_') + ".txt")).isTrue();
        assertThat(query.matches(words(15).replace(' ', '_') + ".txt")).isFalse();
    }

    @Test
    void moreThanSixteenWordsAreOverTheLimit() {
        assertThatThrownBy(() -> NameQuery.parse(words(17)))
                .isInstanceOfSatisfying(ProtocolException.class,
                        refusal -> assertThat(refusal.code()).isEqualTo(ErrorCode.LIMIT_EXCEEDED))
                .hasMessage("a query has at most 16 words, not 17");
    }

    /** {@code count} different words: "w1 w2 ... wN" (w1 is not inside w10: each ends with "x"). */
    private static String words(int count) {
        return IntStream.rangeClosed(1, count).mapToObj(n -> "w" + n + "x").collect(Collectors.joining(" "));
    }

    @Test
    void matchingWithoutACopyAgreesWithMatching() throws ProtocolException {
        SplittableRandom random = new SplittableRandom(17);
        String letters = "aAbBéÉßÿİıΣσ-1 ";
        for (int round = 0; round < 20_000; round++) {
            StringBuilder name = new StringBuilder();
            for (int i = random.nextInt(8); i > 0; i--) {
                name.append(letters.charAt(random.nextInt(letters.length())));
            }
            StringBuilder word = new StringBuilder();
            for (int i = 1 + random.nextInt(2); i > 0; i--) {
                word.append(letters.charAt(random.nextInt(letters.length() - 1)));
            }
            NameQuery query = NameQuery.parse(word.toString());
            assertThat(query.matchesWithoutCopy(name.toString(), null)).as("'%s' in '%s'", word, name)
                    .isEqualTo(query.matches(name.toString()));
        }
    }
}
