package dev.p2pshare.protocol;

import java.util.Objects;
import java.util.Optional;

/**
 * A frame's header, decoded, and the length of the payload that follows it.
 *
 * @param payloadLength bytes of payload after the header: 0 for every message except
 *     {@link Message.ManifestData} and {@link Message.ChunkData}
 */
public record Frame(Message message, int payloadLength) {

    public Frame {
        Objects.requireNonNull(message, "message");
        Optional<String> problem = payloadProblem(message, payloadLength);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(problem.get());
        }
    }

    /**
     * Why {@code message} cannot be followed by {@code payloadLength} bytes, or empty if it can.
     * A manifest carries exactly 32 bytes per chunk of its size, a chunk 1 to
     * {@value Manifest#CHUNK_SIZE} bytes, a {@code have} or {@code announce-partial} the bitfield
     * of its file, every other message none.
     */
    public static Optional<String> payloadProblem(Message message, long payloadLength) {
        if (message instanceof Message.ManifestData manifest) {
            long expected = Manifest.hashBytes(manifest.size());
            return payloadLength == expected ? Optional.empty()
                    : Optional.of("a manifest of a " + manifest.size() + "-byte file carries " + expected
                            + " bytes of payload, not " + payloadLength);
        }
        if (message instanceof Message.HaveData have) {
            return exactly(payloadLength, Bitfields.bytesFor(have.size()), "a 'have' for a " + have.size() + "-byte file");
        }
        if (message instanceof Message.AnnouncePartial partial) {
            return exactly(payloadLength, Bitfields.bytesFor(partial.file().size()),
                    "an 'announce-partial' for a " + partial.file().size() + "-byte file");
        }
        if (message instanceof Message.ChunkData) {
            return payloadLength >= 1 && payloadLength <= Manifest.CHUNK_SIZE ? Optional.empty()
                    : Optional.of("a chunk carries 1 to " + Manifest.CHUNK_SIZE + " bytes of payload, not " + payloadLength);
        }
        return payloadLength == 0 ? Optional.empty()
                : Optional.of("a '" + MessageCodec.typeName(message.getClass()) + "' message carries no payload, not "
                        + payloadLength + " bytes");
    }

    private static Optional<String> exactly(long payloadLength, long expected, String what) {
        return payloadLength == expected ? Optional.empty()
                : Optional.of(what + " carries " + expected + " bytes of payload, not " + payloadLength);
    }
}
