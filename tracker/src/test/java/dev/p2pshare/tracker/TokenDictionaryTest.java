package dev.p2pshare.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The dictionary finds the tokens that contain a text as reading every token would, before and after it sorts them. */
class TokenDictionaryTest {

    @Test
    void findsEveryTokenContainingTheText() {
        SplittableRandom random = new SplittableRandom(5);
        TokenDictionary dictionary = new TokenDictionary();
        Set<String> live = new LinkedHashSet<>();
        for (int round = 0; round < 2_000; round++) {
            String token = randomText(random, 1 + random.nextInt(6));
            if (live.add(token)) {
                dictionary.add(token, live);
            }
            if (round % 50 == 0) {
                for (int query = 0; query < 30; query++) {
                    String text = randomText(random, 1 + random.nextInt(3));
                    Set<String> expected = live.stream().filter(each -> each.contains(text)).collect(Collectors.toSet());
                    assertThat(dictionary.containing(text)).as("tokens containing '%s'", text)
                            .containsExactlyInAnyOrderElementsOf(expected);
                }
            }
        }
    }

    @Test
    void aTokenThatContainsTheTextTwiceIsFoundOnce() {
        TokenDictionary dictionary = new TokenDictionary();
        List<String> live = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            live.add("aaa" + i);
            dictionary.add("aaa" + i, live);
        }
        assertThat(dictionary.containing("a")).hasSize(300).doesNotHaveDuplicates();
        assertThat(dictionary.containing("aa299")).containsExactly("aaa299");
    }

    private static String randomText(SplittableRandom random, int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append("abcdé4".charAt(random.nextInt(6)));
        }
        return text.toString();
    }
}
