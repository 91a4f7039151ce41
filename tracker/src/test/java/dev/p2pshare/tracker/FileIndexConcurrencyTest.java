package dev.p2pshare.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.p2pshare.protocol.FileEntry;
import dev.p2pshare.protocol.FileId;
import dev.p2pshare.protocol.NodeId;
import dev.p2pshare.protocol.SearchHit;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Searches read the index without a lock while the registry changes it: whatever moment a
 * search sees, every hit matches, no file is listed twice, and nothing throws.
 */
@Timeout(120)
class FileIndexConcurrencyTest {

    private static final List<NodeId> HOLDERS = List.of(NodeId.of("a".repeat(64)), NodeId.of("b".repeat(64)));
    private static final List<String> QUERIES = List.of("alpha", "beta", "alp", "a 1", "beta 7", "-", "x");

    @Test
    void searchesDuringChangesSeeOnlyMatchingFilesOnce() throws Exception {
        FileIndex index = new FileIndex();
        CompletableFuture<Void> changes = CompletableFuture.runAsync(() -> {
            SplittableRandom random = new SplittableRandom(11);
            for (int i = 0; i < 200_000; i++) {
                int file = random.nextInt(300);
                FileId id = FileId.of(String.format("%064x", file + 1));
                NodeId holder = HOLDERS.get(random.nextInt(HOLDERS.size()));
                String name = (random.nextBoolean() ? "alpha-" : "beta ") + file + (random.nextInt(10) == 0 ? "x" : "");
                // One writer at a time, as the registry's lock makes it.
                synchronized (index) {
                    switch (random.nextInt(3)) {
                        case 0 -> index.remove(id, holder);
                        case 1 -> index.addPartial(new FileEntry(id, name, 10), holder, 1);
                        default -> index.add(new FileEntry(id, name, 10), holder);
                    }
                }
            }
        });

        int searches = 0;
        while (!changes.isDone() || searches < 100) {
            String text = QUERIES.get(searches % QUERIES.size());
            NameQuery query = NameQuery.parse(text);
            List<SearchHit> hits = index.search(query, 50).hits();
            assertThat(hits).as("hits for '%s'", text).allSatisfy(hit -> assertThat(query.matches(hit.name())).isTrue())
                    .extracting(SearchHit::id).doesNotHaveDuplicates();
            searches++;
        }
        changes.get(10, TimeUnit.SECONDS);
        assertThat(searches).isGreaterThanOrEqualTo(100);
    }
}
