package dev.p2pshare.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A signature never rules out a name that has the token, and rules out most that lack it. */
class NameSignatureTest {

    private static final List<String> WORDS = List.of("holiday", "paris", "2024", "jpg", "img", "0042", "the",
            "beatles", "summer", "mp3", "remix", "x264", "1080p", "lisbon", "thesis", "draft", "v3", "pdf");

    @Test
    void aNameMayHaveEveryTokenItHas() {
        for (String name : List.of("Paris holiday 2024 - 007.jpg", "the beatles - summer remix.mp3", "IMG_0042.JPG")) {
            Set<String> tokens = NameTokens.of(NameQuery.fold(name));
            long signature = NameSignature.of(tokens);
            for (String token : tokens) {
                assertThat(NameSignature.mayHaveOneOf(signature, NameSignature.bit(token))).as(token).isTrue();
            }
        }
    }

    @Test
    void mostTokensANameLacksAreRuledOut() {
        long signature = NameSignature.of(List.of("holiday", "paris"));
        int ruledOut = 0;
        for (String word : WORDS.subList(2, WORDS.size())) {
            ruledOut += NameSignature.mayHaveOneOf(signature, NameSignature.bit(word)) ? 0 : 1;
        }
        // Two bits of 64 taken: a fair spread leaves about one in thirty-two of the others through.
        assertThat(ruledOut).as("of %d tokens the name lacks", WORDS.size() - 2).isGreaterThanOrEqualTo(14);
        assertThat(NameSignature.mayHaveOneOf(signature, 0)).as("no token at all").isFalse();
    }

    @Test
    void tokensSpreadOverTheBits() {
        long all = 0;
        for (String word : WORDS) {
            all |= NameSignature.bit(word);
        }
        // Eighteen tokens in 64 bits: with a fair spread, few share one.
        assertThat(Long.bitCount(all)).isGreaterThanOrEqualTo(14);
    }
}
