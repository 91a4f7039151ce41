package dev.p2pshare.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.p2pshare.protocol.FileEntry;
import dev.p2pshare.protocol.FileId;
import dev.p2pshare.protocol.Limits;
import dev.p2pshare.protocol.NodeId;
import dev.p2pshare.protocol.ProtocolException;
import dev.p2pshare.protocol.SearchHit;
import dev.p2pshare.tracker.FileIndex.IndexedFile;
import org.junit.jupiter.api.Test;

class FileIndexTest {

    private static final NodeId ALICE = NodeId.of("a".repeat(64));
    private static final NodeId BOB = NodeId.of("b".repeat(64));
    private static final NodeId CAROL = NodeId.of("c".repeat(64));

    private final FileIndex index = new FileIndex();

    @Test
    void searchListsMostSourcesFirstThenByName() throws ProtocolException {
        FileEntry oneSource = file("111111", "song one.mp3", 10);
        FileEntry threeSources = file("333333", "song three.mp3", 30);
        FileEntry twoSourcesB = file("222222", "song b.mp3", 20);
        FileEntry twoSourcesA = file("222223", "song a.mp3", 21);
        shareAll(oneSource, ALICE);
        shareAll(threeSources, ALICE, BOB, CAROL);
        shareAll(twoSourcesB, ALICE, BOB);
        shareAll(twoSourcesA, BOB, CAROL);

        FileIndex.Matches matches = index.search(NameQuery.parse("song"), 10);

        assertThat(matches.hits()).containsExactly(
                hit(threeSources, 3),
                hit(twoSourcesA, 2),
                hit(twoSourcesB, 2),
                hit(oneSource, 1));
        assertThat(matches.truncated()).isFalse();
    }

    @Test
    void searchKeepsTheBestHitsUpToTheLimitAndSaysMoreMatched() throws ProtocolException {
        FileEntry best = file("111111", "report best.pdf", 1);
        FileEntry second = file("222222", "report second.pdf", 2);
        FileEntry third = file("333333", "report third.pdf", 3);
        shareAll(third, ALICE);
        shareAll(best, ALICE, BOB, CAROL);
        shareAll(second, ALICE, BOB);

        FileIndex.Matches limited = index.search(NameQuery.parse("report"), 2);
        FileIndex.Matches exact = index.search(NameQuery.parse("report"), 3);

        assertThat(limited.hits()).containsExactly(hit(best, 3), hit(second, 2));
        assertThat(limited.truncated()).isTrue();
        assertThat(exact.hits()).containsExactly(hit(best, 3), hit(second, 2), hit(third, 1));
        assertThat(exact.truncated()).isFalse();
    }

    @Test
    void searchSkipsFilesWhoseNamesDoNotMatch() throws ProtocolException {
        shareAll(file("111111", "holiday.jpg", 1), ALICE);
        shareAll(file("222222", "taxes.pdf", 2), ALICE);

        FileIndex.Matches matches = index.search(NameQuery.parse("holiday"), 10);

        assertThat(matches.hits()).extracting(SearchHit::name).containsExactly("holiday.jpg");
    }

    @Test
    void searchMatchesTheNameAnySharerGaveAFile() throws ProtocolException {
        FileId id = id("444444");
        index.add(new FileEntry(id, "IMG_0001.jpg", 5), ALICE);
        index.add(new FileEntry(id, "beach sunset.jpg", 5), BOB);

        FileIndex.Matches matches = index.search(NameQuery.parse("sunset"), 10);

        assertThat(matches.hits()).containsExactly(new SearchHit(id, "beach sunset.jpg", 5, 2, 0));
    }

    @Test
    void aFileIsForgottenWhenItsLastHolderLetsGo() {
        FileEntry file = file("555555", "notes.txt", 7);
        shareAll(file, ALICE, BOB);

        index.remove(file.id(), ALICE);
        assertThat(index.size()).isEqualTo(1);
        assertThat(index.sizeOf(file.id())).contains(7L);

        index.remove(file.id(), BOB);
        assertThat(index.size()).isZero();
        assertThat(index.sizeOf(file.id())).isEmpty();
    }

    @Test
    void theFirstSizeGivenForAnIdStands() {
        FileId id = id("666666");
        index.add(new FileEntry(id, "a.bin", 100), ALICE);
        index.add(new FileEntry(id, "a.bin", 200), BOB);

        assertThat(index.sizeOf(id)).contains(100L);
    }

    @Test
    void aWholeHoldersChunkCountFollowsTheListedSizeNotItsOwnClaim() {
        FileId id = id("676767");
        long twentyMebibytes = 20L * 1024 * 1024;
        index.add(new FileEntry(id, "big.bin", twentyMebibytes), ALICE);
        index.add(new FileEntry(id, "big.bin", 5), BOB);
        index.addPartial(new FileEntry(id, "big.bin", 5), CAROL, 3);

        IndexedFile listed = index.withPrefix(id.hex(), 1).get(0);
        assertThat(listed.size()).isEqualTo(twentyMebibytes);
        assertThat(listed.holders().get(ALICE).chunks()).isEqualTo(20);
        assertThat(listed.holders().get(BOB).chunks()).isEqualTo(20);
        assertThat(listed.holders().get(CAROL).chunks()).isEqualTo(3);
    }

    @Test
    void oneHolderSharingAFileUnderTwoNamesIsFoundUnderEach() throws ProtocolException {
        FileId id = id("787878");
        index.add(new FileEntry(id, "report.pdf", 9), ALICE);
        index.add(new FileEntry(id, "copy of budget.pdf", 9), ALICE);

        assertThat(index.search(NameQuery.parse("report"), 10).hits())
                .containsExactly(new SearchHit(id, "report.pdf", 9, 1, 0));
        assertThat(index.search(NameQuery.parse("budget"), 10).hits())
                .containsExactly(new SearchHit(id, "copy of budget.pdf", 9, 1, 0));
        assertThat(index.withPrefix(id.hex(), 1).get(0).holders().get(ALICE).names())
                .containsExactly("report.pdf", "copy of budget.pdf");
    }

    @Test
    void aHoldersNamesForOneFileStopAtTheLimit() {
        FileId id = id("7a7a7a");
        for (int i = 0; i < Limits.MAX_NAMES_PER_FILE + 5; i++) {
            index.add(new FileEntry(id, "copy " + i + ".bin", 9), ALICE);
        }

        assertThat(index.withPrefix(id.hex(), 1).get(0).holders().get(ALICE).names())
                .hasSize(Limits.MAX_NAMES_PER_FILE).startsWith("copy 0.bin").doesNotContain("copy 16.bin");
    }

    @Test
    void holderThatDropsOneOfTwoNamesIsFoundOnlyUnderTheOtherOnce() throws ProtocolException {
        FileId id = id("898989");
        index.add(new FileEntry(id, "report.pdf", 9), ALICE);
        index.add(new FileEntry(id, "budget.pdf", 9), ALICE);

        // As an announce does it: withdrawn by id, then added under the name that is left.
        index.remove(id, ALICE);
        index.add(new FileEntry(id, "budget.pdf", 9), ALICE);

        assertThat(index.search(NameQuery.parse("report"), 10).hits()).isEmpty();
        assertThat(index.search(NameQuery.parse("pdf"), 10).hits())
                .containsExactly(new SearchHit(id, "budget.pdf", 9, 1, 0));
    }

    @Test
    void prefixMatchingNoFileFindsNothing() {
        shareAll(file("abcdef", "a.txt", 1), ALICE);

        assertThat(index.withPrefix("abcdf0", 2)).isEmpty();
        assertThat(index.withPrefix("abcde0", 2)).isEmpty();
    }

    @Test
    void prefixMatchingOneFileFindsIt() {
        FileEntry wanted = file("abcdef01", "wanted.txt", 1);
        shareAll(wanted, ALICE);
        shareAll(file("abcdef02", "other.txt", 2), ALICE);
        shareAll(file("abcdee", "before.txt", 3), ALICE);

        assertThat(index.withPrefix("abcdef01", 2)).extracting(IndexedFile::entry).containsExactly(wanted);
        assertThat(index.withPrefix(wanted.id().hex(), 2)).extracting(IndexedFile::entry).containsExactly(wanted);
    }

    @Test
    void prefixMatchingSeveralFilesFindsUpToTheMaximumInIdOrder() {
        FileEntry first = file("abcdef01", "first.txt", 1);
        FileEntry second = file("abcdef02", "second.txt", 2);
        FileEntry third = file("abcdef03", "third.txt", 3);
        shareAll(third, ALICE);
        shareAll(first, ALICE);
        shareAll(second, ALICE);

        assertThat(index.withPrefix("abcdef", 2)).extracting(IndexedFile::entry).containsExactly(first, second);
        assertThat(index.withPrefix("abcdef", 10)).extracting(IndexedFile::entry)
                .containsExactly(first, second, third);
    }

    private void shareAll(FileEntry file, NodeId... holders) {
        for (NodeId holder : holders) {
            index.add(file, holder);
        }
    }

    private static SearchHit hit(FileEntry file, int sources) {
        return new SearchHit(file.id(), file.name(), file.size(), sources, 0);
    }

    /** A file whose id starts with {@code prefix} and goes on with zeros. */
    private static FileEntry file(String prefix, String name, long size) {
        return new FileEntry(id(prefix), name, size);
    }

    private static FileId id(String prefix) {
        return FileId.of(prefix + "0".repeat(64 - prefix.length()));
    }
}
