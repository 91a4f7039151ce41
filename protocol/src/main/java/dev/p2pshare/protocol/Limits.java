package dev.p2pshare.protocol;

/**
 * Every size and count the protocol bounds, in one place so that both ends check the same numbers
 * and {@code docs/PROTOCOL.md} can quote them.
 *
 * <p>A receiver checks each value against these limits before it allocates or stores anything
 * the value describes.
 */
public final class Limits {

    /** Largest JSON header a frame may carry, in bytes. */
    public static final int MAX_HEADER_BYTES = 1 << 20;

    /** Smallest JSON header: the two bytes {@code {}}. */
    public static final int MIN_HEADER_BYTES = 2;

    /** Largest file the protocol can describe: 1 TiB. */
    public static final long MAX_FILE_SIZE = 1L << 40;

    /** Largest payload a frame may carry: the manifest of the largest file. */
    public static final int MAX_PAYLOAD_BYTES = (int) (MAX_FILE_SIZE / Manifest.CHUNK_SIZE) * Manifest.HASH_BYTES;

    /** Longest file name, in bytes of UTF-8. */
    public static final int MAX_FILE_NAME_BYTES = 255;

    /** Longest peer name, in characters. */
    public static final int MAX_PEER_NAME_CHARS = 64;

    /** Longest agent string in {@code hello} and {@code welcome}, in characters. */
    public static final int MAX_AGENT_CHARS = 64;

    /** Longest error detail, in characters. */
    public static final int MAX_DETAIL_CHARS = 1024;

    /** Longest host string in a peer entry, in characters. */
    public static final int MAX_HOST_CHARS = 255;

    /** Most files a single {@code register} or {@code announce} may add or remove. */
    public static final int MAX_FILES_PER_MESSAGE = 1000;

    /** Most files the tracker keeps for one peer. */
    public static final int MAX_FILES_PER_PEER = 100_000;

    /** Most files the tracker lists as partly held by one peer: its downloads in progress. */
    public static final int MAX_PARTIAL_FILES_PER_PEER = 256;

    /**
     * How many names the tracker lists one peer's file under (copies of it in the peer's folder);
     * further names are not listed.
     */
    public static final int MAX_NAMES_PER_FILE = 16;

    /** Longest search query, in characters. */
    public static final int MAX_QUERY_CHARS = 256;

    /** Most words a search query may contain. */
    public static final int MAX_QUERY_WORDS = 16;

    /** Most hits a search returns; also the largest {@code limit} a search may ask for. */
    public static final int MAX_SEARCH_HITS = 1000;

    /** Most sources a {@code locate-result} lists. */
    public static final int MAX_SOURCES = 200;

    /** Most peers a {@code peer-list} lists. */
    public static final int MAX_PEERS_LISTED = 1000;

    /** Longest text of a message between peers, in characters. */
    public static final int MAX_TEXT_CHARS = 1000;

    /** Deepest JSON nesting a header may use. */
    public static final int MAX_JSON_DEPTH = 16;

    /** Longest JSON string value, in characters. */
    public static final int MAX_JSON_STRING_CHARS = 16 * 1024;

    /** Longest JSON number, in characters. */
    public static final int MAX_JSON_NUMBER_CHARS = 20;

    private Limits() {
    }
}
