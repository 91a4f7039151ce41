package dev.p2pshare.peer.reference;

import dev.p2pshare.protocol.FileId;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * What a person typed to name one thing (a file, a download, a peer), read by the one rule every
 * command and the web page share.
 *
 * <p>The text is stripped. A thing answers to it by its exact name, or by its id when the text,
 * with capitals, dashes and spaces between digit groups allowed (ids are shown grouped and
 * shortened), is at least {@value #MIN_ID_DIGITS} hex digits that start the id. Names and id
 * prefixes are matched together, so a name that happens to look like someone's id prefix does not
 * quietly win: two things answering is ambiguous. Only a whole id picks its owner outright,
 * whatever names others chose. Things with one id are one thing (copies of a file at two paths).
 *
 * <p>{@code #N} for the N-th result of the last search is not part of this rule: only {@code get}
 * has results to count, and it reads that form before asking this class.
 */
public final class Reference {

    /** Fewest id digits that name a thing: enough that a typo rarely names another. */
    public static final int MIN_ID_DIGITS = FileId.MIN_PREFIX_CHARS;

    private static final int WHOLE_ID_DIGITS = 64;
    private static final int SHORT_ID_DIGITS = FileId.SHORT_CHARS;
    private static final Pattern ID_SPELLING = Pattern.compile("[0-9a-f]+(?:[- ][0-9a-f]+)*");

    private final String text;
    private final Optional<String> idPrefix;

    private Reference(String text, Optional<String> idPrefix) {
        this.text = text;
        this.idPrefix = idPrefix;
    }

    /** Reads {@code typed}, whatever it is; an empty text names nothing (see {@link #pickOne}). */
    public static Reference of(String typed) {
        String text = Objects.requireNonNull(typed, "typed").strip();
        String lower = text.toLowerCase(Locale.ROOT);
        Optional<String> idPrefix = Optional.empty();
        if (ID_SPELLING.matcher(lower).matches()) {
            String digits = lower.replace("-", "").replace(" ", "");
            if (digits.length() >= MIN_ID_DIGITS && digits.length() <= WHOLE_ID_DIGITS) {
                idPrefix = Optional.of(digits);
            }
        }
        return new Reference(text, idPrefix);
    }

    /** The text as typed, stripped: what a name must equal. */
    public String text() {
        return text;
    }

    /** The lower-case hex digits an id must start with, if the text can be read as an id prefix. */
    public Optional<String> idPrefix() {
        return idPrefix;
    }

    /**
     * The one of {@code candidates} this reference names, or why there is not exactly one, in the
     * words of {@code kind}.
     *
     * @param nameOf a candidate's name
     * @param idHexOf a candidate's id, 64 lower-case hex digits
     */
    public <T> Pick<T> pickOne(Collection<T> candidates, Function<T, String> nameOf, Function<T, String> idHexOf,
            Kind kind) {
        if (text.isEmpty()) {
            return new Pick.Unclear<>(kind.whichOne());
        }
        if (idPrefix.isPresent() && idPrefix.get().length() == WHOLE_ID_DIGITS) {
            Optional<T> owner = candidates.stream().filter(candidate -> idHexOf.apply(candidate).equals(idPrefix.get()))
                    .findFirst();
            if (owner.isPresent()) {
                return new Pick.One<>(owner.get());
            }
        }
        Map<String, T> answeringById = new LinkedHashMap<>();
        for (T candidate : candidates) {
            String id = idHexOf.apply(candidate);
            if (nameOf.apply(candidate).equals(text) || idPrefix.isPresent() && id.startsWith(idPrefix.get())) {
                answeringById.putIfAbsent(id, candidate);
            }
        }
        if (answeringById.size() == 1) {
            return new Pick.One<>(answeringById.values().iterator().next());
        }
        if (answeringById.isEmpty()) {
            return new Pick.Unclear<>(kind.none(text));
        }
        List<String> shortIds = answeringById.keySet().stream().map(Reference::shortId).toList();
        return new Pick.Unclear<>(kind.ambiguous(text, shortIds));
    }

    /** The first digits of {@code idHex}, as ids are shown in lists and messages. */
    public static String shortId(String idHex) {
        return idHex.substring(0, Math.min(SHORT_ID_DIGITS, idHex.length()));
    }

    @Override
    public String toString() {
        return text;
    }
}
