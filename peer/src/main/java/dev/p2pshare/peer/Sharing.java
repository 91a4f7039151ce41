package dev.p2pshare.peer;

import dev.p2pshare.peer.folder.FileHasher;
import dev.p2pshare.peer.folder.Placement;
import dev.p2pshare.peer.folder.Publisher;
import dev.p2pshare.peer.folder.SharedFile;
import dev.p2pshare.peer.folder.SharedFiles;
import dev.p2pshare.peer.folder.StateDirectory;
import dev.p2pshare.peer.reference.Kind;
import dev.p2pshare.peer.reference.Reference;
import dev.p2pshare.protocol.FileNames;
import dev.p2pshare.protocol.Manifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a peer shares: the files of its folder, and sharing or no longer sharing one on request.
 * Files that appear in or leave the folder are shared or dropped by the folder watcher; this is
 * what a person asks for. Thread-safe.
 */
public final class Sharing {

    /** The folder, inside the state folder, where files go that this peer stops sharing. */
    public static final String UNSHARED_FOLDER = "unshared";

    private final StateDirectory state;
    private final SharedFiles files;
    private final Publisher publisher;

    Sharing(StateDirectory state, SharedFiles files, Publisher publisher) {
        this.state = state;
        this.files = files;
        this.publisher = publisher;
    }

    /** The files this peer shares whole, by name. */
    public List<SharedFile> files() {
        return files.list();
    }

    /**
     * Copies {@code source} into the folder (under a free name) and shares it.
     *
     * @return the shared file; an existing one if the same bytes were already shared
     * @throws PeerException if {@code source} is not a readable regular file with a valid name
     */
    public SharedFile share(Path source) throws IOException, PeerException {
        if (!Files.isRegularFile(source)) {
            throw new PeerException(source + " is not a file (share takes one file at a time)");
        }
        String name = source.getFileName().toString();
        Optional<String> badName = FileNames.problem(name);
        if (badName.isPresent()) {
            throw new PeerException("cannot share " + source + ": " + badName.get());
        }
        if (name.startsWith(".")) {
            throw new PeerException("cannot share " + source + ": hidden files (names starting with '.') are never"
                    + " shared; copy it under another name");
        }
        if (source.toRealPath().startsWith(state.folder().toRealPath())) {
            return files.list().stream()
                    .filter(file -> sameFile(file.path(), source))
                    .findFirst()
                    .orElseThrow(() -> new PeerException(source + " is inside the shared folder but not shared"
                            + " (hidden files and the " + StateDirectory.NAME + " folder are never shared)"));
        }
        Path temp = state.newTempFile("share");
        try {
            Manifest manifest = new FileHasher().copy(source, temp, bytes -> { });
            Optional<SharedFile> existing = files.get(manifest.id());
            if (existing.isPresent()) {
                return existing.get();
            }
            Path placed = Placement.moveInto(state.folder(), name, temp);
            SharedFile shared = SharedFile.at(state.folder(), placed, manifest);
            publisher.publish(shared);
            return shared;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Stops sharing the file {@code file} names, as a {@link Reference} reads it, keeping it: it
     * moves to {@value #UNSHARED_FOLDER} in the state folder, which is never shared, and the
     * tracker is told as of any file leaving the folder. Moving it back shares it again.
     *
     * @return where the file is now
     * @throws PeerException if this peer shares no such file, or more than one
     */
    public Path stopSharing(String file) throws IOException, PeerException {
        SharedFile shared = named(file);
        return Placement.moveInto(Files.createDirectories(state.root().resolve(UNSHARED_FOLDER)), shared.name(),
                shared.path());
    }

    /** The file this peer shares whole that {@code reference} names, as a {@link Reference} reads it. */
    SharedFile named(String reference) throws PeerException {
        return Reference.of(reference).pickOne(files.list(), SharedFile::name, file -> file.id().hex(), Kind.SHARED_FILE)
                .orElseThrow(PeerException::new);
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            // A shared file that can no longer be read is not the one being shared now.
            return false;
        }
    }
}
