package dev.p2pshare.peer.net;

import dev.p2pshare.protocol.FileId;
import java.util.Optional;

/** Finds the file this peer serves under an id: the only way a request can reach a file. */
@FunctionalInterface
public interface ServedFiles {

    /** The file with {@code id} that this peer has whole or in part, if any. */
    Optional<ServedFile> find(FileId id);
}
