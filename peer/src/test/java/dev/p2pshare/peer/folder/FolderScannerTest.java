package dev.p2pshare.peer.folder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.p2pshare.protocol.FileId;
import dev.p2pshare.protocol.Manifest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a scan shares, and that the hash cache spares a second scan all hashing it can. */
class FolderScannerTest {

    private static final String EMPTY_FILE_ID = "af5570f5a1810b7af78caf4bc70a660f0df51e42baf91d4de5b2328de0e83dfc";

    /** The files of the fixture that must be shared, by relative path. */
    private static final List<String> SHARED = List.of(
            "top.txt", "notes.md", "empty.bin", "big.bin", "music/rock/song.mp3", "docs/report.pdf");

    @TempDir
    Path folder;

    @TempDir
    Path outside;

    private StateDirectory state;
    private byte[] bigContent;

    @BeforeEach
    void createFolder() throws IOException {
        state = StateDirectory.of(folder);
        write("top.txt", "top\n");
        write("notes.md", "# notes\n");
        write("empty.bin", "");
        bigContent = new byte[Manifest.CHUNK_SIZE + 12_345];
        new Random(42).nextBytes(bigContent);
        Files.write(folder.resolve("big.bin"), bigContent);
        write("music/rock/song.mp3", "la la la");
        write("docs/report.pdf", "%PDF-1.7");

        write(".secret", "password");
        write(".git/config", "[core]");
        write(".p2pshare/downloads/x.part", "half a download");
        write(".p2pshare/notes.txt", "state");
        write("docs/.hidden-draft.txt", "draft");
    }

    @Test
    void sharesExactlyTheVisibleRegularFiles() throws IOException {
        FolderScanner.Result result = scanWithSavedCache();

        assertThat(relativePaths(result)).containsExactlyInAnyOrderElementsOf(SHARED);
    }

    @Test
    void nestedFilesAreAnnouncedUnderTheirBaseName() throws IOException {
        SharedFile song = byPath(scanWithSavedCache()).get("music/rock/song.mp3");

        assertThat(song.name()).isEqualTo("song.mp3");
        assertThat(song.path()).isEqualTo(folder.resolve("music").resolve("rock").resolve("song.mp3"));
        assertThat(song.id()).isEqualTo(Manifests.of("la la la".getBytes(StandardCharsets.UTF_8)).id());
    }

    @Test
    void symbolicLinksAreNotShared() throws IOException {
        // Each target holds the text of the link to it, so a link is as large as its target and
        // only the check for links, not a size mismatch, can keep it out.
        Path outsideTarget = outside.resolve("outside.txt");
        Files.writeString(outsideTarget, outsideTarget.toString());
        assumeTrue(createSymbolicLink(folder.resolve("link-out.txt"), outsideTarget), "cannot create symbolic links here");
        write("linked.txt", "linked.txt");
        assertThat(createSymbolicLink(folder.resolve("link-in.txt"), Path.of("linked.txt"))).isTrue();
        assertThat(createSymbolicLink(folder.resolve("linked-folder"), outside)).isTrue();
        assertThat(folder.resolve("link-in.txt")).hasContent("linked.txt");

        FolderScanner.Result result = scanWithSavedCache();

        assertThat(relativePaths(result)).containsExactlyInAnyOrderElementsOf(
                Stream.concat(SHARED.stream(), Stream.of("linked.txt")).toList());
    }

    @Test
    void folderReachedThroughASymbolicLinkIsShared() throws IOException {
        Path link = outside.resolve("shared-link");
        assumeTrue(createSymbolicLink(link, folder), "cannot create symbolic links here");

        FolderScanner.Result result = new FolderScanner(StateDirectory.of(link), HashCache.load(state.hashCache()))
                .scan(bytes -> { });

        assertThat(relativePaths(result)).containsExactlyInAnyOrderElementsOf(SHARED);
    }

    @Test
    void namesTheProtocolForbidsAreNotShared() throws IOException {
        assumeFalse(System.getProperty("os.name").startsWith("Windows"), "Windows forbids these names itself");
        write("back\\slash.txt", "backslash");
        write("tab\there.txt", "control character");
        assertThat(Files.isRegularFile(folder.resolve("back\\slash.txt"))).isTrue();

        FolderScanner.Result result = scanWithSavedCache();

        assertThat(relativePaths(result)).containsExactlyInAnyOrderElementsOf(SHARED);
    }

    @Test
    void emptyFileIsSharedWithTheIdOfNothing() throws IOException {
        SharedFile empty = byPath(scanWithSavedCache()).get("empty.bin");

        assertThat(empty.size()).isZero();
        assertThat(empty.id().hex()).isEqualTo(EMPTY_FILE_ID);
    }

    @Test
    void largeFileHasTheIdOfAManifestBuiltOverTheSameBytes() throws IOException {
        SharedFile big = byPath(scanWithSavedCache()).get("big.bin");

        Manifest expected = Manifests.of(bigContent);
        assertThat(expected.chunkCount()).isEqualTo(2);
        assertThat(big.size()).isEqualTo(bigContent.length);
        assertThat(big.id()).isEqualTo(expected.id());
    }

    @Test
    void firstScanHashesEveryFileAndReportsItsProgress() throws IOException {
        long[] progress = {0};
        FolderScanner.Result result = new FolderScanner(state, HashCache.load(state.hashCache()))
                .scan(bytes -> progress[0] += bytes);

        long total = 4 + 8 + 0 + bigContent.length + 8 + 8;
        assertThat(result.hashedFiles()).isEqualTo(SHARED.size());
        assertThat(result.hashedBytes()).isEqualTo(total);
        assertThat(progress[0]).isEqualTo(total);
    }

    @Test
    void secondScanWithTheSavedCacheHashesNothing() throws IOException {
        Map<String, FileId> first = ids(scanWithSavedCache());

        FolderScanner.Result second = scanWithSavedCache();

        assertThat(second.hashedFiles()).isZero();
        assertThat(second.hashedBytes()).isZero();
        assertThat(ids(second)).isEqualTo(first);
    }

    @Test
    void changedFileIsTheOnlyOneHashedAgain() throws IOException {
        Map<String, FileId> first = ids(scanWithSavedCache());
        Path top = folder.resolve("top.txt");
        FileTime before = Files.getLastModifiedTime(top);
        // Same size, so only the new modification time can tell the cache that the file changed.
        Files.writeString(top, "TOP\n");
        Files.setLastModifiedTime(top, FileTime.fromMillis(before.toMillis() + 10_000));

        FolderScanner.Result second = scanWithSavedCache();

        assertThat(second.hashedFiles()).isEqualTo(1);
        assertThat(second.hashedBytes()).isEqualTo(4);
        Map<String, FileId> after = ids(second);
        assertThat(after.get("top.txt"))
                .isEqualTo(Manifests.of("TOP\n".getBytes(StandardCharsets.UTF_8)).id())
                .isNotEqualTo(first.get("top.txt"));
        after.remove("top.txt");
        first.remove("top.txt");
        assertThat(after).isEqualTo(first);
    }

    @Test
    void aScanAbandonedAfterItsFirstFileKeepsWhatItHashedAndForgetsNothing() throws IOException {
        Map<String, SharedFile> first = byPath(scanWithSavedCache());
        int[] asked = {0};

        FolderScanner.Result partial = new FolderScanner(state, HashCache.load(state.hashCache()))
                .scan(bytes -> { }, () -> asked[0]++ > 0);

        assertThat(partial.files()).as("files found before the scan ended").hasSizeLessThanOrEqualTo(1);
        // Had the scan forgotten what it did not reach, the next start would hash it all again.
        HashCache reloaded = HashCache.load(state.hashCache());
        first.forEach((path, file) -> assertThat(reloaded.lookup(path, file.stamp())).as(path)
                .contains(file.manifest()));
    }

    @Test
    void deletedFileIsNoLongerSharedNorCached() throws IOException {
        Map<String, SharedFile> first = byPath(scanWithSavedCache());
        SharedFile top = first.get("top.txt");
        SharedFile song = first.get("music/rock/song.mp3");
        Files.delete(top.path());

        FolderScanner.Result second = scanWithSavedCache();

        assertThat(relativePaths(second)).containsExactlyInAnyOrderElementsOf(
                SHARED.stream().filter(path -> !path.equals("top.txt")).toList());
        assertThat(second.hashedFiles()).isZero();
        HashCache reloaded = HashCache.load(state.hashCache());
        assertThat(reloaded.lookup("top.txt", top.stamp())).isEmpty();
        assertThat(reloaded.lookup("music/rock/song.mp3", song.stamp()))
                .contains(song.manifest());
    }

    @Test
    void sharedFileRemembersTheStampItWasHashedWith() throws IOException {
        SharedFile top = byPath(scanWithSavedCache()).get("top.txt");

        assertThat(top.stamp()).isEqualTo(FileStamp.of(folder.resolve("top.txt")));
        assertThat(top.stamp().modifiedNanos())
                .isEqualTo(Files.getLastModifiedTime(folder.resolve("top.txt")).to(TimeUnit.NANOSECONDS));
        assertThat(top.unchangedOnDisk()).isTrue();
    }

    @Test
    void fileRewrittenInPlaceWithItsModificationTimePutBackIsHashedAgain() throws IOException {
        SharedFile before = byPath(scanWithSavedCache()).get("top.txt");
        FileTime modified = Files.getLastModifiedTime(before.path());
        Files.writeString(before.path(), "TOP\n");
        Files.setLastModifiedTime(before.path(), modified);
        assertThat(Files.size(before.path())).isEqualTo(before.size());

        SharedFile after = byPath(scanWithSavedCache()).get("top.txt");

        assertThat(before.unchangedOnDisk()).isFalse();
        assertThat(after.id()).isNotEqualTo(before.id()).isEqualTo(Manifests.of("TOP\n".getBytes(StandardCharsets.UTF_8)).id());
    }

    /** A scan as a restarted peer does it: with the cache the previous scan saved. */
    private FolderScanner.Result scanWithSavedCache() throws IOException {
        return new FolderScanner(state, HashCache.load(state.hashCache())).scan(bytes -> { });
    }

    private void write(String relativePath, String content) throws IOException {
        Path file = folder.resolve(relativePath);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private static boolean createSymbolicLink(Path link, Path target) {
        try {
            Files.createSymbolicLink(link, target);
            return true;
        } catch (UnsupportedOperationException | IOException | SecurityException e) {
            return false;
        }
    }

    private static List<String> relativePaths(FolderScanner.Result result) {
        return result.files().stream().map(SharedFile::relativePath).toList();
    }

    private static Map<String, SharedFile> byPath(FolderScanner.Result result) {
        return result.files().stream().collect(Collectors.toMap(SharedFile::relativePath, file -> file));
    }

    private static Map<String, FileId> ids(FolderScanner.Result result) {
        return result.files().stream().collect(Collectors.toMap(SharedFile::relativePath, SharedFile::id));
    }
}
