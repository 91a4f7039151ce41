package dev.p2pshare.tracker;

import dev.p2pshare.protocol.ErrorCode;
import dev.p2pshare.protocol.Limits;
import dev.p2pshare.protocol.ProtocolException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A search query: words that must all occur in a file's name, ignoring case. "holiday 2024"
 * matches {@code Holiday-2024.zip} and {@code 2024 holidays.txt}.
 */
final class NameQuery {

    /** Runs of white space, compiled once: {@code String.split} would compile it per query. */
    private static final Pattern WHITE_SPACE = Pattern.compile("\\p{javaWhitespace}+");

    private static final char LAST_LATIN_1 = '\u00ff';

    private final List<String> words;

    private NameQuery(List<String> words) {
        this.words = words;
    }

    /**
     * The query that {@code text} spells: its words, split at white space as
     * {@link Character#isWhitespace} defines it (the same test that finds a query blank).
     *
     * @throws ProtocolException with {@link ErrorCode#LIMIT_EXCEEDED} beyond
     *     {@value Limits#MAX_QUERY_WORDS} words
     */
    static NameQuery parse(String text) throws ProtocolException {
        List<String> words = Arrays.stream(WHITE_SPACE.split(text))
                .filter(word -> !word.isEmpty())
                .map(NameQuery::fold)
                .distinct()
                .toList();
        if (words.size() > Limits.MAX_QUERY_WORDS) {
            throw new ProtocolException(ErrorCode.LIMIT_EXCEEDED,
                    "a query has at most " + Limits.MAX_QUERY_WORDS + " words, not " + words.size());
        }
        return new NameQuery(words);
    }

    /** Whether every word of the query occurs in {@code name}, ignoring case. */
    boolean matches(String name) {
        return matchesFolded(fold(name));
    }

    /**
     * As {@link #matches}, but not looking for {@code known}, a word of the query the caller knows
     * {@code name} has (or null), and without making a lower-cased copy of a name all in Latin-1,
     * where {@link #fold} lower-cases each character by itself.
     */
    boolean matchesWithoutCopy(String name, String known) {
        if (words.size() == 1 && words.get(0).equals(known)) {
            return true;
        }
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) > LAST_LATIN_1) {
                return matches(name);
            }
        }
        for (String word : words) {
            if (!word.equals(known) && !containsFolded(name, word)) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code word} occurs in {@code latin1} lower-cased. */
    private static boolean containsFolded(String latin1, String word) {
        char first = word.charAt(0);
        for (int start = 0; start + word.length() <= latin1.length(); start++) {
            if (lower(latin1.charAt(start)) != first) {
                continue;
            }
            int i = 1;
            while (i < word.length() && lower(latin1.charAt(start + i)) == word.charAt(i)) {
                i++;
            }
            if (i == word.length()) {
                return true;
            }
        }
        return false;
    }

    private static char lower(char latin1) {
        if (latin1 < 0x80) {
            return latin1 >= 'A' && latin1 <= 'Z' ? (char) (latin1 + ('a' - 'A')) : latin1;
        }
        return Character.toLowerCase(latin1);
    }

    /** Whether every word of the query occurs in {@code folded}, a name already lower-cased by {@link #fold}. */
    boolean matchesFolded(String folded) {
        for (String word : words) {
            if (!folded.contains(word)) {
                return false;
            }
        }
        return true;
    }

    /** The query's distinct words, lower-cased. */
    List<String> words() {
        return words;
    }

    /** {@code text} lower-cased as names and queries are compared: the same in every locale. */
    static String fold(String text) {
        return text.toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return String.join(" ", words);
    }
}
