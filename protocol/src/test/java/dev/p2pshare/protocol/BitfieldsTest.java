package dev.p2pshare.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.BitSet;
import org.junit.jupiter.api.Test;

class BitfieldsTest {

    private static final long NINE_CHUNKS = 9L * Manifest.CHUNK_SIZE;

    @Test
    void chunkZeroIsTheMostSignificantBitOfTheFirstByte() {
        BitSet have = new BitSet();
        have.set(0);
        have.set(7);
        have.set(8);
        assertThat(Bitfields.encode(have, NINE_CHUNKS)).containsExactly(0x81, 0x80);
    }

    @Test
    void decodeIsTheInverseOfEncode() throws ProtocolException {
        BitSet have = new BitSet();
        have.set(1);
        have.set(4);
        have.set(8);
        assertThat(Bitfields.decode(Bitfields.encode(have, NINE_CHUNKS), NINE_CHUNKS)).isEqualTo(have);
        assertThat(Bitfields.bytesFor(0)).isZero();
        assertThat(Bitfields.decode(new byte[0], 0).isEmpty()).isTrue();
    }

    @Test
    void bitsPastTheLastChunkOrTheWrongLengthAreRefused() {
        assertThatThrownBy(() -> Bitfields.decode(new byte[] {0, 0x40}, NINE_CHUNKS))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("sets chunk 9 of a file with 9 chunks");
        assertThatThrownBy(() -> Bitfields.decode(new byte[3], NINE_CHUNKS))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("is 2 bytes, not 3");
        BitSet tooFar = new BitSet();
        tooFar.set(9);
        assertThatThrownBy(() -> Bitfields.encode(tooFar, NINE_CHUNKS)).isInstanceOf(IllegalArgumentException.class);
    }
}
