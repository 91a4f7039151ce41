package dev.p2pshare.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A file's identity: the SHA-256 of its size and chunk-hash list (see {@link Manifest}), written as
 * 64 lower-case hex digits. Two files with the same id have the same bytes.
 */
public record FileId(String hex) implements Comparable<FileId> {

    /** Shortest prefix by which a person may name a file. */
    public static final int MIN_PREFIX_CHARS = 6;

    /** How many hex digits {@link #shortHex()} shows. */
    public static final int SHORT_CHARS = 12;

    public FileId {
        Objects.requireNonNull(hex, "hex");
        if (hex.length() != 64 || !lowerHex(hex)) {
            throw new IllegalArgumentException("a file id is 64 lower-case hex digits, not '" + abbreviate(hex) + "'");
        }
    }

    /** Parses an id from its hex form, as JSON carries it. */
    @JsonCreator
    public static FileId of(String hex) {
        return new FileId(hex);
    }

    /** The id whose 32 bytes are {@code digest}. */
    public static FileId ofDigest(byte[] digest) {
        if (digest.length != Manifest.HASH_BYTES) {
            throw new IllegalArgumentException("a file id is " + Manifest.HASH_BYTES + " bytes, not " + digest.length);
        }
        return new FileId(HexFormat.of().formatHex(digest));
    }

    /** Whether {@code text} can name a file by prefix: 6 to 64 lower-case hex digits. */
    public static boolean isPrefix(String text) {
        return text.length() >= MIN_PREFIX_CHARS && text.length() <= 64 && lowerHex(text);
    }

    /**
     * Whether every character of {@code text} is a lower-case hex digit. A loop, not a regular
     * expression: a tracker checks an id for every file it answers with. Each character is
     * tested without a branch (unsigned comparisons, joined by {@code |} and {@code &}): digits
     * and letters come in random order, which a processor cannot predict.
     */
    private static boolean lowerHex(String text) {
        boolean all = true;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            all &= (char) (c - '0') < 10 | (char) (c - 'a') < 6;
        }
        return all;
    }

    /** Whether this id starts with {@code prefix}. */
    public boolean startsWith(String prefix) {
        return hex.startsWith(prefix);
    }

    /** The first {@value #SHORT_CHARS} hex digits, for display. */
    public String shortHex() {
        return hex.substring(0, SHORT_CHARS);
    }

    @JsonValue
    @Override
    public String hex() {
        return hex;
    }

    @Override
    public int compareTo(FileId other) {
        return hex.compareTo(other.hex);
    }

    @Override
    public String toString() {
        return hex;
    }

    static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
