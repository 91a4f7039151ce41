package dev.p2pshare.tracker;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The tokens the {@link FileIndex} has, found by any part of them: a query word matches anywhere
 * in a name, so its tokens are looked up inside the indexed ones.
 *
 * <p>Every suffix of every token is kept in one sorted array, so the tokens that contain a text
 * are those whose suffixes start with it: one binary search and a run of neighbours, however many
 * tokens there are. Tokens added since the array was sorted are kept aside and read one by one;
 * when they grow to a quarter of the sorted ones, the array is sorted again with them, so the
 * sorting costs a constant amount per token on average. Tokens that go stay in the array until
 * then; the index skips them.
 *
 * <p>Changed under the registry's lock; read without one, from snapshots published whole.
 */
final class TokenDictionary {

    private static final int FEWEST_SET_ASIDE = 64;

    /**
     * The tokens and their suffixes as at one moment.
     *
     * @param tokens the tokens in the sorted array
     * @param suffixes each a token's number in {@code tokens} (high 32 bits) and the suffix's start
     *     (low 32 bits), sorted by the suffix's text
     * @param recent tokens added since, in no order
     */
    private record Snapshot(String[] tokens, long[] suffixes, String[] recent) {
    }

    private volatile Snapshot snapshot = new Snapshot(new String[0], new long[0], new String[0]);

    /** Adds {@code token}, which has just become indexed; {@code live} is every indexed token, itself included. */
    void add(String token, Collection<String> live) {
        Snapshot now = snapshot;
        if (now.recent().length + 1 < Math.max(FEWEST_SET_ASIDE, now.tokens().length / 4)) {
            String[] recent = Arrays.copyOf(now.recent(), now.recent().length + 1);
            recent[recent.length - 1] = token;
            snapshot = new Snapshot(now.tokens(), now.suffixes(), recent);
        } else {
            snapshot = sorted(live.toArray(new String[0]));
        }
    }

    /** The tokens that contain {@code text}, each once; some may no longer be indexed. */
    Set<String> containing(String text) {
        Snapshot now = snapshot;
        Set<String> found = new LinkedHashSet<>();
        String[] tokens = now.tokens();
        long[] suffixes = now.suffixes();
        int low = 0;
        int high = suffixes.length;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (compare(tokens, suffixes[middle], text) < 0) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        for (int i = low; i < suffixes.length; i++) {
            String token = tokens[(int) (suffixes[i] >>> 32)];
            if (!token.startsWith(text, (int) suffixes[i])) {
                break;
            }
            found.add(token);
        }
        for (String token : now.recent()) {
            if (token.contains(text)) {
                found.add(token);
            }
        }
        return found;
    }

    private static Snapshot sorted(String[] tokens) {
        int count = 0;
        for (String token : tokens) {
            count += token.length();
        }
        long[] suffixes = new long[count];
        int at = 0;
        for (int number = 0; number < tokens.length; number++) {
            for (int start = 0; start < tokens[number].length(); start++) {
                suffixes[at++] = (long) number << 32 | start;
            }
        }
        sort(tokens, suffixes, new long[suffixes.length], 0, suffixes.length);
        return new Snapshot(tokens, suffixes, new String[0]);
    }

    /** Merge sort of {@code suffixes[from, to)} by text, {@code spare} as room. */
    private static void sort(String[] tokens, long[] suffixes, long[] spare, int from, int to) {
        if (to - from < 2) {
            return;
        }
        int middle = (from + to) >>> 1;
        sort(tokens, suffixes, spare, from, middle);
        sort(tokens, suffixes, spare, middle, to);
        System.arraycopy(suffixes, from, spare, from, to - from);
        int left = from;
        int right = middle;
        for (int out = from; out < to; out++) {
            if (right == to || left < middle && compare(tokens, spare[left], spare[right]) <= 0) {
                suffixes[out] = spare[left++];
            } else {
                suffixes[out] = spare[right++];
            }
        }
    }

    private static int compare(String[] tokens, long one, long other) {
        String first = tokens[(int) (one >>> 32)];
        String second = tokens[(int) (other >>> 32)];
        return compare(first, (int) one, second, (int) other);
    }

    private static int compare(String[] tokens, long suffix, String text) {
        return compare(tokens[(int) (suffix >>> 32)], (int) suffix, text, 0);
    }

    /** Compares {@code one} from {@code oneStart} with {@code other} from {@code otherStart}, as strings compare. */
    private static int compare(String one, int oneStart, String other, int otherStart) {
        int oneLength = one.length() - oneStart;
        int otherLength = other.length() - otherStart;
        for (int i = 0; i < Math.min(oneLength, otherLength); i++) {
            int order = Character.compare(one.charAt(oneStart + i), other.charAt(otherStart + i));
            if (order != 0) {
                return order;
            }
        }
        return Integer.compare(oneLength, otherLength);
    }
}
