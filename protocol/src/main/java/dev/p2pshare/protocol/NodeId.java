package dev.p2pshare.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A node's identity on the network, the tracker's or a peer's: the SHA-256 of the certificate
 * the node presents in every TLS handshake, written as 64 lower-case hex digits. Nobody declares
 * an id: it is read from the certificate of the connection.
 *
 * <p>People see it {@linkplain #grouped() grouped} or {@linkplain #shortHex() shortened}; {@link
 * #parse} accepts what they copy back, dashes, spaces and capitals included.
 */
public record NodeId(String hex) {

    /** How many hex digits {@link #shortHex()} shows. */
    public static final int SHORT_CHARS = 12;

    private static final Pattern HEX_64 = Pattern.compile("[0-9a-f]{64}");

    public NodeId {
        Objects.requireNonNull(hex, "hex");
        if (!HEX_64.matcher(hex).matches()) {
            throw new IllegalArgumentException("a node id is 64 hex digits, not '" + FileId.abbreviate(hex) + "'");
        }
    }

    /** How many hex digits make one group of {@link #grouped()}. */
    private static final int GROUP_CHARS = 8;

    /** Parses an id from its hex form, as JSON carries it. */
    @JsonCreator
    public static NodeId of(String hex) {
        return new NodeId(hex);
    }

    /** The id whose 32 bytes are {@code bytes}. */
    public static NodeId ofBytes(byte[] bytes) {
        if (bytes.length != 32) {
            throw new IllegalArgumentException("a node id is 32 bytes, not " + bytes.length);
        }
        return new NodeId(HexFormat.of().formatHex(bytes));
    }

    /**
     * Parses an id as a person writes it: the 64 hex digits in either case, in groups separated
     * by dashes or spaces or not at all.
     *
     * @throws IllegalArgumentException if what remains is not 64 hex digits
     */
    public static NodeId parse(String text) {
        Objects.requireNonNull(text, "text");
        return new NodeId(text.strip().replaceAll("[-\\s]", "").toLowerCase(Locale.ROOT));
    }

    /** The hex digits in dash-separated groups of eight, for people to compare and copy. */
    public String grouped() {
        StringBuilder text = new StringBuilder(hex.length() + hex.length() / GROUP_CHARS);
        for (int i = 0; i < hex.length(); i += GROUP_CHARS) {
            if (i > 0) {
                text.append('-');
            }
            text.append(hex, i, i + GROUP_CHARS);
        }
        return text.toString();
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
