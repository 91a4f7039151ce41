package dev.p2pshare.tracker;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The tokens of a lower-cased file name or query word: its runs of letters and digits, as
 * {@link Character#isLetterOrDigit} sees each {@code char}. {@code "paris 2024-07.jpg"} has the
 * tokens {@code paris}, {@code 2024}, {@code 07} and {@code jpg}.
 *
 * <p>What makes them an index: if a word occurs in a name, each of the word's tokens lies within
 * one of the name's tokens, because a run of letters and digits inside the name's text can only
 * be part of a longer such run. So the files whose name has a token containing each of the
 * word's tokens are all the files the word may match, and usually few more.
 */
final class NameTokens {

    private NameTokens() {
    }

    /** The distinct tokens of {@code folded}, in the order they first occur. */
    static Set<String> of(String folded) {
        Set<String> tokens = new LinkedHashSet<>();
        int start = -1;
        for (int i = 0; i <= folded.length(); i++) {
            boolean inside = i < folded.length() && Character.isLetterOrDigit(folded.charAt(i));
            if (inside && start < 0) {
                start = i;
            } else if (!inside && start >= 0) {
                tokens.add(folded.substring(start, i));
                start = -1;
            }
        }
        return tokens;
    }

    /** The distinct tokens of every one of {@code folded}. */
    static List<String> ofAll(Iterable<String> folded) {
        Set<String> tokens = new LinkedHashSet<>();
        for (String text : folded) {
            tokens.addAll(of(text));
        }
        return new ArrayList<>(tokens);
    }
}
