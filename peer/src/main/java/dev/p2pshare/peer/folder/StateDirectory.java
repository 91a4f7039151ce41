package dev.p2pshare.peer.folder;

import dev.p2pshare.protocol.FileId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The peer's own folder inside the shared folder, {@code FOLDER/.p2pshare/}: the hash cache and
 * unfinished downloads live here, never announced and never served.
 */
public final class StateDirectory {

    /** The state folder's name inside the shared folder. */
    public static final String NAME = ".p2pshare";

    private final Path folder;
    private final Path root;

    private StateDirectory(Path folder, Path root) {
        this.folder = folder;
        this.root = root;
    }

    /** The state folder of the shared {@code folder}, created if missing. */
    public static StateDirectory of(Path folder) throws IOException {
        Path absolute = folder.toAbsolutePath().normalize();
        Files.createDirectories(absolute.resolve(NAME).resolve("downloads"));
        // A folder walk does not follow a link it starts at: a shared folder reached through a
        // symbolic link would share nothing.
        Path real = absolute.toRealPath();
        return new StateDirectory(real, real.resolve(NAME));
    }

    /** The shared folder this state belongs to, absolute and with symbolic links resolved. */
    public Path folder() {
        return folder;
    }

    /** The state folder itself, where the peer's identity and trusted tracker ids are kept. */
    public Path root() {
        return root;
    }

    /** Where the hashes of the shared files are cached. */
    public Path hashCache() {
        return root.resolve("hashes.bin");
    }

    /** Where unfinished downloads keep their files. */
    public Path downloads() {
        return root.resolve("downloads");
    }

    /** Where the download of file {@code id} collects its chunks until it is complete. */
    public Path partFile(FileId id) {
        return downloads().resolve(id.hex() + ".part");
    }

    /** Where the download of file {@code id} keeps the file's verified manifest. */
    public Path manifestFile(FileId id) {
        return downloads().resolve(id.hex() + ".manifest");
    }

    /** Where the download of file {@code id} records which chunks are verified and on disk. */
    public Path stateFile(FileId id) {
        return downloads().resolve(id.hex() + ".state");
    }

    /** Where the interactive shell keeps the commands typed, across runs. */
    public Path history() {
        return root.resolve("history");
    }

    /** A new, empty file for work in progress; the caller deletes or moves it. */
    public Path newTempFile(String prefix) throws IOException {
        return Files.createTempFile(root, prefix, ".tmp");
    }
}
