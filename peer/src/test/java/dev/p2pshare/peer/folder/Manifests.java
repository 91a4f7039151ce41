package dev.p2pshare.peer.folder;

import dev.p2pshare.protocol.Manifest;

/** Manifests computed in memory, the way the protocol defines them, to check what is read from disk. */
final class Manifests {

    private Manifests() {
    }

    /** The manifest of {@code content}, built chunk by chunk with {@link Manifest.Builder}. */
    static Manifest of(byte[] content) {
        Manifest.Builder builder = new Manifest.Builder(content.length);
        for (int index = 0; index < Manifest.chunkCount(content.length); index++) {
            builder.addChunk(content, index * Manifest.CHUNK_SIZE, Manifest.chunkLength(content.length, index));
        }
        return builder.build();
    }
}
