package dev.p2pshare.peer.net;

import dev.p2pshare.protocol.Manifest;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.IntPredicate;
import java.util.function.Supplier;

/**
 * A file this peer serves, whole or while it is still downloading it: its manifest, where its
 * bytes are, and which chunks are there.
 *
 * @param path the file whose chunks are served: the shared file, or a download's part file
 * @param has whether chunk {@code i} is there, verified
 * @param have a snapshot of the chunks that are there, for {@code have} answers
 * @param unchanged whether the file on disk is still the one the manifest was made of; asked
 *     before every chunk is sent, so it must be cheap (a look at the file's attributes)
 */
public record ServedFile(Manifest manifest, Path path, boolean complete, IntPredicate has, Supplier<BitSet> have,
        BooleanSupplier unchanged) {

    public ServedFile {
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(has, "has");
        Objects.requireNonNull(have, "have");
        Objects.requireNonNull(unchanged, "unchanged");
    }

    /** A file this peer has whole, whose bytes are served while {@code unchanged} says they are those hashed. */
    public static ServedFile whole(Manifest manifest, Path path, BooleanSupplier unchanged) {
        BitSet all = new BitSet(manifest.chunkCount());
        all.set(0, manifest.chunkCount());
        return new ServedFile(manifest, path, true, index -> true, () -> (BitSet) all.clone(), unchanged);
    }

    /**
     * A file this peer is downloading, of which it serves the chunks it has verified. Only this
     * peer writes it, each chunk once, verified.
     */
    public static ServedFile partial(Manifest manifest, Path path, IntPredicate has, Supplier<BitSet> have) {
        return new ServedFile(manifest, path, false, has, have, () -> true);
    }
}
