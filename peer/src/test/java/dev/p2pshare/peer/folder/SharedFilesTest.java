package dev.p2pshare.peer.folder;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The set of shared files: every path, the first copy of each content served, listed by name. */
class SharedFilesTest {

    private final SharedFiles files = new SharedFiles();

    @Test
    void copiesOfOneFileAreEachSharedAndTheFirstIsServed() {
        SharedFile first = sharedFile("a/report.pdf", "same bytes");
        SharedFile copy = sharedFile("b/copy of report.pdf", "same bytes");

        assertThat(files.add(first)).isTrue();
        assertThat(files.add(copy)).isTrue();
        assertThat(files.add(copy)).isFalse();

        assertThat(files.count()).isEqualTo(2);
        assertThat(files.get(first.id())).containsSame(first);
        assertThat(files.list()).containsExactly(copy, first);
        assertThat(files.entries()).containsExactlyInAnyOrder(first.entry(), copy.entry());
        assertThat(files.namesById()).containsExactly(Map.entry(first.id(), Set.of("report.pdf", "copy of report.pdf")));
    }

    @Test
    void copiesUnderOneNameAreAnnouncedOnce() {
        SharedFile first = sharedFile("a/report.pdf", "same bytes");
        SharedFile second = sharedFile("b/report.pdf", "same bytes");
        files.addAll(List.of(first, second));

        assertThat(files.list()).containsExactly(first, second);
        assertThat(files.entries()).containsExactly(first.entry());
    }

    @Test
    void removingTheServedCopyServesTheOther() {
        SharedFile first = sharedFile("a/report.pdf", "same bytes");
        SharedFile copy = sharedFile("b/copy of report.pdf", "same bytes");
        files.addAll(List.of(first, copy));

        assertThat(files.remove(first)).isTrue();

        assertThat(files.get(first.id())).containsSame(copy);
        assertThat(files.entries()).containsExactly(copy.entry());
    }

    @Test
    void listIsSortedByNameThenPath() {
        SharedFile zebra = sharedFile("zebra.txt", "z");
        SharedFile apple = sharedFile("fruit/apple.txt", "a");
        SharedFile otherApple = sharedFile("apple.txt", "another apple");
        SharedFile mango = sharedFile("mango.txt", "m");
        files.addAll(List.of(zebra, apple, mango, otherApple));

        assertThat(files.list()).containsExactly(otherApple, apple, mango, zebra);
    }

    @Test
    void totalBytesSumsTheSharedFilesOnce() {
        files.add(sharedFile("one.txt", "1"));
        files.add(sharedFile("ten.txt", "0123456789"));
        files.add(sharedFile("ten again.txt", "0123456789"));

        assertThat(files.totalBytes()).isEqualTo(11);
    }

    @Test
    void nothingSharedIsZeroFilesAndZeroBytes() {
        assertThat(files.list()).isEmpty();
        assertThat(files.count()).isZero();
        assertThat(files.totalBytes()).isZero();
    }

    @Test
    void removedFileIsNoLongerShared() {
        SharedFile kept = sharedFile("kept.txt", "kept");
        SharedFile removed = sharedFile("removed.txt", "removed");
        files.add(kept);
        files.add(removed);

        assertThat(files.remove(removed)).isTrue();
        assertThat(files.remove(removed)).isFalse();

        assertThat(files.get(removed.id())).isEmpty();
        assertThat(files.list()).containsExactly(kept);
        assertThat(files.totalBytes()).isEqualTo(4);
    }

    @Test
    void removingACopyThatIsNotSharedKeepsTheSharedOne() {
        SharedFile shared = sharedFile("a/report.pdf", "same bytes");
        SharedFile copy = sharedFile("b/report.pdf", "same bytes");
        files.add(shared);

        assertThat(files.remove(copy)).isFalse();

        assertThat(files.get(shared.id())).containsSame(shared);
    }

    private static SharedFile sharedFile(String relativePath, String content) {
        Path path = Path.of("/shared").resolve(relativePath).toAbsolutePath();
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        return new SharedFile(Manifests.of(bytes), path.getFileName().toString(), path, relativePath,
                new FileStamp(bytes.length, 1_000_000L, 1_000_000L, 1, 1));
    }
}
