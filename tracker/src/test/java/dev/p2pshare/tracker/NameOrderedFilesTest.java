package dev.p2pshare.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.p2pshare.protocol.FileId;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The chunked name order holds what a sorted set would, through chunks that split and empty. */
class NameOrderedFilesTest {

    @Test
    void addsAndRemovesKeepTheOrderOfASortedSet() {
        SplittableRandom random = new SplittableRandom(9);
        List<ListedFile> pool = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            pool.add(ListedFile.of(FileId.of(String.format("%064x", random.nextInt(1 << 20))), 1,
                    "name " + random.nextInt(300)));
        }
        NameOrderedFiles ordered = new NameOrderedFiles();
        TreeSet<ListedFile> expected = new TreeSet<>(ListedFile::byFirstName);
        for (int step = 0; step < 20_000; step++) {
            ListedFile file = pool.get(random.nextInt(pool.size()));
            // Growing for most of the run, so that chunks split; then shrinking, so that they empty.
            boolean adding = random.nextInt(10) < (step < 12_000 ? 7 : 2);
            if (adding && !expected.contains(file)) {
                ordered.add(file);
                expected.add(file);
            } else if (!adding && expected.contains(file) && expected.ceiling(file) == file) {
                ordered.remove(file);
                expected.remove(file);
            }
            if (step % 1_000 == 0) {
                assertThat(readAll(List.of(ordered))).containsExactlyElementsOf(expected);
                assertThat(ordered.size()).isEqualTo(expected.size());
            }
        }
        assertThat(readAll(List.of(ordered))).containsExactlyElementsOf(expected);
    }

    @Test
    void severalListsAreMergedInOrderWithAFileTheyShareOnce() {
        ListedFile shared = ListedFile.of(FileId.of("b".repeat(64)), 1, "m");
        NameOrderedFiles one = new NameOrderedFiles();
        NameOrderedFiles other = new NameOrderedFiles();
        for (String name : List.of("a", "c", "x")) {
            one.add(ListedFile.of(FileId.of("a".repeat(64)), 1, name));
        }
        for (String name : List.of("b", "d")) {
            other.add(ListedFile.of(FileId.of("c".repeat(64)), 1, name));
        }
        one.add(shared);
        other.add(shared);
        assertThat(readAll(List.of(one, other))).extracting(file -> file.firstName)
                .containsExactly("a", "b", "c", "d", "m", "x");
    }

    @Test
    void aVisitorThatSaysStopStops() {
        NameOrderedFiles ordered = new NameOrderedFiles();
        for (int i = 0; i < 500; i++) {
            ordered.add(ListedFile.of(FileId.of(String.format("%064x", i)), 1, String.format("%03d", i)));
        }
        List<String> seen = new ArrayList<>();
        NameOrderedFiles.inOrder(List.of(ordered), file -> {
            seen.add(file.firstName);
            return seen.size() < 3;
        });
        assertThat(seen).containsExactly("000", "001", "002");
    }

    private static List<ListedFile> readAll(List<NameOrderedFiles> lists) {
        List<ListedFile> read = new ArrayList<>();
        NameOrderedFiles.inOrder(lists, read::add);
        return read;
    }
}
