package dev.p2pshare.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The rules for a file's name on the wire. A name is a base name only, so that no name, however
 * crafted, can address anything but a file directly inside the receiver's folder.
 *
 * <p>A valid name is 1 to {@value Limits#MAX_FILE_NAME_BYTES} bytes of UTF-8, is not {@code .} or
 * {@code ..}, and contains no {@code /}, no {@code \}, no NUL or other control character, no
 * bidirectional embedding, override, isolate or mark (U+202A to U+202E, U+2066 to U+2069, U+200E,
 * U+200F, U+061C: they make {@code exe.pdf} display as {@code fdp.exe}), no line or paragraph
 * separator (U+2028, U+2029) and no unpaired surrogate.
 */
public final class FileNames {

    private FileNames() {
    }

    /**
     * Returns {@code name} if it is a valid file name.
     *
     * @throws IllegalArgumentException naming the broken rule otherwise
     */
    public static String require(String name) {
        Optional<String> problem = problem(name);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(problem.get());
        }
        return name;
    }

    /** Whether {@code name} is a valid file name. */
    public static boolean isValid(String name) {
        return problem(name).isEmpty();
    }

    /** Why {@code name} is not a valid file name, or empty if it is. */
    public static Optional<String> problem(String name) {
        if (name == null) {
            return Optional.of("a file name is required");
        }
        if (name.isEmpty()) {
            return Optional.of("a file name cannot be empty");
        }
        if (name.equals(".") || name.equals("..")) {
            return Optional.of("a file name cannot be '" + name + "'");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == '\\') {
                return Optional.of("a file name cannot contain '" + c + "'");
            }
            if (Character.isISOControl(c)) {
                return Optional.of(String.format("a file name cannot contain the control character U+%04X", (int) c));
            }
            if (Checks.isUnsafe(c)) {
                return Optional.of(String.format("a file name cannot contain U+%04X, which makes a name display as"
                        + " another", (int) c));
            }
            if (Character.isHighSurrogate(c) && i + 1 < name.length() && Character.isLowSurrogate(name.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return Optional.of("a file name cannot contain an unpaired surrogate");
            }
        }
        // No character takes more than three bytes of UTF-8 (a surrogate pair takes four for two):
        // most names are too short to need encoding to be counted.
        if (name.length() * 3 > Limits.MAX_FILE_NAME_BYTES) {
            int bytes = name.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > Limits.MAX_FILE_NAME_BYTES) {
                return Optional.of("a file name is at most " + Limits.MAX_FILE_NAME_BYTES + " bytes of UTF-8, not " + bytes);
            }
        }
        return Optional.empty();
    }

    /**
     * Returns {@code name} if it is a valid peer name: 1 to {@value Limits#MAX_PEER_NAME_CHARS}
     * characters, not blank, with no control or bidirectional control characters.
     *
     * @throws IllegalArgumentException naming the broken rule otherwise
     */
    public static String requirePeerName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a peer name cannot be empty");
        }
        if (name.length() > Limits.MAX_PEER_NAME_CHARS) {
            throw new IllegalArgumentException("a peer name is at most " + Limits.MAX_PEER_NAME_CHARS + " characters");
        }
        return Checks.text("a peer name", name, 1, Limits.MAX_PEER_NAME_CHARS);
    }
}
