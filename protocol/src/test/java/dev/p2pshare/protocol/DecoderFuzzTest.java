package dev.p2pshare.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.Size;

/**
 * The frame and message decoder against input no honest sender makes: random bytes, and honest
 * frames with bytes flipped, inserted and cut. Whatever arrives, decoding either gives frames or
 * fails with a {@link ProtocolException} (or an {@link EOFException} at a cut), never another
 * exception, a hang or an allocation the input did not pay for. A brief fuzzing run of the
 * decoder on every build.
 */
class DecoderFuzzTest {

    private static final List<Message> HONEST = MessageGoldenTest.goldens()
            .map(arguments -> (Message) arguments.get()[0]).toList();

    @Property(tries = 3000)
    void randomBytesAreFramesOrAProtocolError(@ForAll @Size(max = 2048) byte[] bytes) {
        assertDecodesOrRefuses(bytes);
    }

    @Property(tries = 3000)
    void randomHeaderAfterPlausibleLengthsIsAFrameOrAProtocolError(@ForAll @Size(max = 512) byte[] header,
            @ForAll @Size(max = 64) byte[] payload) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        writeU32(frame, header.length);
        writeU32(frame, payload.length);
        frame.writeBytes(header);
        frame.writeBytes(payload);
        assertDecodesOrRefuses(frame.toByteArray());
    }

    @Property(tries = 10000)
    void mutatedHonestFramesAreFramesOrAProtocolError(@ForAll("mutatedFrames") byte[] bytes) {
        assertDecodesOrRefuses(bytes);
    }

    @Provide
    Arbitrary<byte[]> mutatedFrames() {
        Arbitrary<byte[]> honest = Arbitraries.of(HONEST).map(DecoderFuzzTest::encode);
        Arbitrary<List<Tuple.Tuple3<Integer, Integer, Byte>>> edits = Combinators.combine(
                Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 4096),
                Arbitraries.bytes()).as(Tuple::of).list().ofMinSize(1).ofMaxSize(8);
        return Combinators.combine(honest, edits).as(DecoderFuzzTest::mutate);
    }

    private static byte[] mutate(byte[] frame, List<Tuple.Tuple3<Integer, Integer, Byte>> edits) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] current = frame;
        for (Tuple.Tuple3<Integer, Integer, Byte> edit : edits) {
            int at = current.length == 0 ? 0 : edit.get2() % current.length;
            out.reset();
            switch (edit.get1()) {
                case 0 -> { // flip
                    out.writeBytes(current);
                    byte[] flipped = out.toByteArray();
                    if (flipped.length > 0) {
                        flipped[at] ^= edit.get3() == 0 ? 1 : edit.get3();
                    }
                    current = flipped;
                    continue;
                }
                case 1 -> { // insert
                    out.write(current, 0, at);
                    out.write(edit.get3());
                    out.write(current, at, current.length - at);
                }
                default -> out.write(current, 0, at); // cut
            }
            current = out.toByteArray();
        }
        return current;
    }

    private static void assertDecodesOrRefuses(byte[] bytes) {
        FrameReader reader = new FrameReader(new ByteArrayInputStream(bytes));
        try {
            for (int frames = 0; frames < 64; frames++) {
                Frame frame = reader.next();
                assertThat(frame.message()).isNotNull();
                reader.skipPayload();
            }
        } catch (ProtocolException | EOFException expected) {
            return;
        } catch (IOException e) {
            throw new AssertionError("an in-memory stream failed with " + e, e);
        }
    }

    /** The message as a frame, with a payload of the first length its type allows. */
    private static byte[] encode(Message message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int payload = Stream.of(0, 1, Manifest.HASH_BYTES).filter(n -> Frame.payloadProblem(message, n).isEmpty())
                .findFirst().orElseThrow();
        try {
            FrameWriter writer = new FrameWriter(out);
            writer.write(message, ByteBuffer.allocate(payload));
            writer.flush();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out.toByteArray();
    }

    private static void writeU32(ByteArrayOutputStream out, int value) {
        out.write(value >>> 24);
        out.write(value >>> 16);
        out.write(value >>> 8);
        out.write(value);
    }
}
