package dev.p2pshare.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A peer's identity on the network: 32 bytes written as 64 lower-case hex digits. The tracker
 * assigns it; peers never choose their own.
 */
public record PeerId(String hex) {

    /** How many hex digits {@link #shortHex()} shows. */
    public static final int SHORT_CHARS = 12;

    private static final Pattern HEX_64 = Pattern.compile("[0-9a-f]{64}");

    public PeerId {
        Objects.requireNonNull(hex, "hex");
        if (!HEX_64.matcher(hex).matches()) {
            throw new IllegalArgumentException("a peer id is 64 lower-case hex digits, not '" + FileId.abbreviate(hex) + "'");
        }
    }

    /** Parses an id from its hex form, as JSON carries it. */
    @JsonCreator
    public static PeerId of(String hex) {
        return new PeerId(hex);
    }

    /** The id whose 32 bytes are {@code bytes}. */
    public static PeerId ofBytes(byte[] bytes) {
        if (bytes.length != 32) {
            throw new IllegalArgumentException("a peer id is 32 bytes, not " + bytes.length);
        }
        return new PeerId(HexFormat.of().formatHex(bytes));
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
    public String toString() {
        return hex;
    }
}
