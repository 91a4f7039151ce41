package dev.p2pshare.tracker;

/**
 * A file name's tokens ({@link NameTokens}) folded into the 64 bits of one {@code long}, one bit
 * a token, so that a search can rule out most names that lack a word without reading them: the
 * name is another object (and its text a third), each a cache miss on an index of a million files.
 *
 * <p>A name whose signature has none of the bits of the tokens that contain a query token cannot
 * contain that token; one that has one of them may, and is read.
 */
final class NameSignature {

    /** Multiplies a token's hash so that its top six bits, the bit's number, depend on all of it. */
    private static final long SPREAD = 0x9E3779B97F4A7C15L;

    private NameSignature() {
    }

    /** The signature of a name with {@code tokens}. */
    static long of(Iterable<String> tokens) {
        long signature = 0;
        for (String token : tokens) {
            signature |= bit(token);
        }
        return signature;
    }

    /** The one bit {@code token} sets in a signature. */
    static long bit(String token) {
        return 1L << ((token.hashCode() * SPREAD) >>> 58);
    }

    /** Whether a name with {@code signature} may have one of the tokens whose bits are {@code anyOf}. */
    static boolean mayHaveOneOf(long signature, long anyOf) {
        return (signature & anyOf) != 0;
    }
}
