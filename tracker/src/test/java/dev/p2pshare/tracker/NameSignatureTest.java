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
    void aNameWithNoneOfTheTokensHasNoneOfTheirBits() {
        long signature = NameSignature.of(List.of("holiday", "paris"));
        long lisbonOrThesis = NameSignature.bit("lisbon") | NameSignature.bit("thesis");
        boolean eitherBitTaken = (signature & lisbonOrThesis) != 0;
        assertThat(NameSignature.mayHaveOneOf(signature, lisbonOrThesis)).isEqualTo(eitherBitTaken);
        assertThat(NameSignature.mayHaveOneOf(signature, 0)).isFalse();
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
