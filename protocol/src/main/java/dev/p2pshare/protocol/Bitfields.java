package dev.p2pshare.protocol;

import java.util.BitSet;

/**
 * Which chunks of a file a peer has, as bytes on the wire: bit {@code i} is bit {@code 7 - i % 8}
 * (most significant first) of byte {@code i / 8}; the bits past the last chunk are zero. A file
 * of {@code n} chunks takes {@code ceil(n / 8)} bytes.
 */
public final class Bitfields {

    private Bitfields() {
    }

    /** How many bytes the bitfield of a file of {@code size} bytes takes. */
    public static int bytesFor(long size) {
        return (Manifest.chunkCount(size) + 7) / 8;
    }

    /** The bitfield of the chunks set in {@code have}, for a file of {@code size} bytes. */
    public static byte[] encode(BitSet have, long size) {
        int chunks = Manifest.chunkCount(size);
        if (have.length() > chunks) {
            throw new IllegalArgumentException("chunk " + (have.length() - 1) + " is past the end of a file with "
                    + chunks + " chunks");
        }
        byte[] bytes = new byte[bytesFor(size)];
        for (int i = have.nextSetBit(0); i >= 0; i = have.nextSetBit(i + 1)) {
            bytes[i / 8] |= (byte) (0x80 >>> (i % 8));
        }
        return bytes;
    }

    /**
     * The chunks a bitfield sets, for a file of {@code size} bytes.
     *
     * @throws ProtocolException with {@link ErrorCode#BAD_MESSAGE} if the bitfield has the wrong
     *     length or sets a bit past the last chunk
     */
    public static BitSet decode(byte[] bytes, long size) throws ProtocolException {
        int chunks = Manifest.chunkCount(size);
        if (bytes.length != bytesFor(size)) {
            throw new ProtocolException(ErrorCode.BAD_MESSAGE, "the bitfield of a file with " + chunks + " chunks is "
                    + bytesFor(size) + " bytes, not " + bytes.length);
        }
        BitSet have = new BitSet(chunks);
        for (int i = 0; i < bytes.length * 8; i++) {
            if ((bytes[i / 8] & (0x80 >>> (i % 8))) != 0) {
                if (i >= chunks) {
                    throw new ProtocolException(ErrorCode.BAD_MESSAGE, "the bitfield sets chunk " + i
                            + " of a file with " + chunks + " chunks");
                }
                have.set(i);
            }
        }
        return have;
    }
}
