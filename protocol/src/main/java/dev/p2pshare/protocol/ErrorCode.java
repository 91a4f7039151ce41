package dev.p2pshare.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The stable reasons an {@code error} message gives. Clients branch on these codes; the detail
 * text that travels with them is for people.
 *
 * <p>A code either ends the connection (the sender closes it right after the error) or refuses
 * one request and leaves the connection usable.
 */
public enum ErrorCode {
    /** A frame broke the framing rules: a length over its limit, or a payload where none belongs. */
    BAD_FRAME("bad-frame", true),
    /** A header was not valid JSON, named an unknown type, or had a missing or invalid field. */
    BAD_MESSAGE("bad-message", true),
    /** The {@code hello} asked for a protocol version this side does not speak. */
    UNSUPPORTED_VERSION("unsupported-version", true),
    /** A well-formed message that this side does not accept here or now. */
    UNEXPECTED_MESSAGE("unexpected-message", true),
    /** The side is at capacity; try again later. */
    BUSY("busy", true),
    /** The tracker serves only the peers on its allow list, and the client's id is not on it. */
    NOT_ALLOWED("not-allowed", true),
    /** The side failed while handling the request; the detail says how. */
    INTERNAL("internal", true),
    /** A tracker request that needs a registration came before {@code register}. */
    NOT_REGISTERED("not-registered", false),
    /** No file (or peer) matches the request. */
    NOT_FOUND("not-found", false),
    /** An id prefix matches more than one file. */
    AMBIGUOUS("ambiguous", false),
    /** A chunk index past the end of the file. */
    OUT_OF_RANGE("out-of-range", false),
    /** A chunk of a file the peer is still downloading, which it does not have yet. */
    MISSING_CHUNK("missing-chunk", false),
    /** The request would take the sender past a documented limit. */
    LIMIT_EXCEEDED("limit-exceeded", false),
    /** The request contradicts the state it would change, such as registering a registered connection. */
    CONFLICT("conflict", false);

    private final String wireName;
    private final boolean closesConnection;

    ErrorCode(String wireName, boolean closesConnection) {
        this.wireName = wireName;
        this.closesConnection = closesConnection;
    }

    /** The code as it appears on the wire, for example {@code not-found}. */
    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** Whether the sender of this error closes the connection right after sending it. */
    public boolean closesConnection() {
        return closesConnection;
    }

    /**
     * Looks a code up by its wire name.
     *
     * @throws IllegalArgumentException if no code has that name
     */
    @JsonCreator
    public static ErrorCode fromWireName(String wireName) {
        for (ErrorCode code : values()) {
            if (code.wireName.equals(wireName)) {
                return code;
            }
        }
        throw new IllegalArgumentException("unknown error code: " + wireName);
    }
}
