package dev.p2pshare.peer.folder;

import dev.p2pshare.protocol.FileId;
import dev.p2pshare.protocol.Printable;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The peer's own folder inside the shared folder, {@code FOLDER/.p2pshare/}: the hash cache and
 * unfinished downloads live here, never announced and never served.
 */
public final class StateDirectory {

    /** The state folder's name inside the shared folder. */
    public static final String NAME = ".p2pshare";

    private static final Logger log = LoggerFactory.getLogger(StateDirectory.class);
    private static final String TEMP_SUFFIX = ".tmp";
    private static final String STATE_SUFFIX = ".state";

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
        return downloads().resolve(id.hex() + STATE_SUFFIX);
    }

    /** Where the interactive shell keeps the commands typed, across runs. */
    public Path history() {
        return root.resolve("history");
    }

    /** A new, empty file for work in progress; the caller deletes or moves it. */
    public Path newTempFile(String prefix) throws IOException {
        return Files.createTempFile(root, prefix, TEMP_SUFFIX);
    }

    /**
     * Deletes what a process killed at the wrong moment leaves behind: temporary files (a copy made
     * by {@code share}, a state or cache being replaced) and the files of a download that has no
     * state (killed while it was being created, or after its file was placed). Only the process
     * holding the {@link FolderLock} may call this: another one's work in progress would go too.
     *
     * @return how many files were deleted
     */
    public int deleteLeftovers() throws IOException {
        List<Path> leftovers = new ArrayList<>();
        for (Path dir : List.of(root, downloads())) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + TEMP_SUFFIX)) {
                files.forEach(leftovers::add);
            }
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(downloads(), "*.{part,manifest}")) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                String id = name.substring(0, name.lastIndexOf('.'));
                if (!Files.exists(downloads().resolve(id + STATE_SUFFIX))) {
                    leftovers.add(file);
                }
            }
        }
        for (Path leftover : leftovers) {
            Files.deleteIfExists(leftover);
        }
        if (!leftovers.isEmpty()) {
            log.info("deleted {} {} left in {} by a peer that stopped abruptly", leftovers.size(),
                    leftovers.size() == 1 ? "file" : "files", Printable.escape(root));
        }
        return leftovers.size();
    }
}
