package dev.p2pshare.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.p2pshare.protocol.FileEntry;
import dev.p2pshare.protocol.FileId;
import dev.p2pshare.protocol.NodeId;
import dev.p2pshare.protocol.ProtocolException;
import dev.p2pshare.protocol.SearchHit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The token index finds exactly what reading every name would: random sequences of files shared,
 * shared in part, renamed and dropped by a few holders, then random queries, each answered by the
 * index and by a plain reading of every name, which must agree hit for hit, in order, and on
 * whether more matched. Names and words are drawn from a few pieces, so that words fall inside
 * tokens, across punctuation, and in one name of a file but not in another.
 */
class NameIndexPropertyTest {

    private static final List<NodeId> HOLDERS = List.of(NodeId.of("a".repeat(64)), NodeId.of("b".repeat(64)),
            NodeId.of("c".repeat(64)));
    private static final List<String> PIECES = List.of("ab", "abc", "b-c", "x", "Aby", "c.d", "ÄB", "42", " ", "_", "-");
    private static final List<String> QUERY_WORDS = List.of("ab", "b", "bc", "b-c", "-", "x", "aby", "c.d", "äb",
            "4", "42", "y", "abc-x", "d");

    /** One change: {@code holder} shares file {@code file} under {@code name} (besides its other names), in part or whole, or drops it. */
    record Change(int file, int holder, String name, int kind) {
    }

    @Property(tries = 300)
    void indexAgreesWithReadingEveryName(@ForAll("changes") List<Change> changes, @ForAll("queries") List<String> queries,
            @ForAll("limits") int limit) throws ProtocolException {
        FileIndex index = new FileIndex();
        Map<String, Map<NodeId, FileIndex.Holding>> reference = new HashMap<>();
        Map<String, Long> sizes = new HashMap<>();
        for (Change change : changes) {
            FileId id = FileId.of(String.format("%064x", change.file() + 1));
            NodeId holder = HOLDERS.get(change.holder());
            FileEntry entry = new FileEntry(id, change.name(), 100 + change.file());
            switch (change.kind()) {
                case 0 -> {
                    index.remove(id, holder);
                    Map<NodeId, FileIndex.Holding> holders = reference.get(id.hex());
                    if (holders != null) {
                        holders.remove(holder);
                        if (holders.isEmpty()) {
                            reference.remove(id.hex());
                            sizes.remove(id.hex());
                        }
                    }
                }
                case 1 -> {
                    index.addPartial(entry, holder, 1);
                    sizes.putIfAbsent(id.hex(), entry.size());
                    reference.computeIfAbsent(id.hex(), key -> new LinkedHashMap<>()).merge(holder,
                            new FileIndex.Holding(List.of(entry.name()), false, 1),
                            (old, fresh) -> old.complete() ? old : fresh);
                }
                default -> {
                    index.add(entry, holder);
                    sizes.putIfAbsent(id.hex(), entry.size());
                    // A whole file announced again under another name is listed under both.
                    reference.computeIfAbsent(id.hex(), key -> new LinkedHashMap<>()).merge(holder,
                            new FileIndex.Holding(List.of(entry.name()), true, 1),
                            (old, fresh) -> old.complete() ? old.alsoNamed(fresh) : fresh);
                }
            }
        }
        for (String text : queries) {
            NameQuery query = NameQuery.parse(text);
            FileIndex.Matches found = index.search(query, limit);
            List<SearchHit> expected = readEveryName(reference, sizes, query);
            assertThat(found.hits()).as("hits for '%s'", text)
                    .usingElementComparator(Comparator.comparing(SearchHit::id)
                            .thenComparing(SearchHit::sources).thenComparing(SearchHit::partialSources))
                    .containsExactlyElementsOf(expected.subList(0, Math.min(limit, expected.size())));
            for (SearchHit hit : found.hits()) {
                assertThat(query.matches(hit.name())).as("'%s' matches the name shown, %s", text, hit.name()).isTrue();
            }
            assertThat(found.truncated()).as("truncated for '%s'", text).isEqualTo(expected.size() > limit);
        }
    }

    /** Every file with a name that has every word, best first, ties broken by the name shown and the id. */
    private static List<SearchHit> readEveryName(Map<String, Map<NodeId, FileIndex.Holding>> files,
            Map<String, Long> sizes, NameQuery query) {
        List<SearchHit> hits = new ArrayList<>();
        files.forEach((hex, holders) -> {
            String matching = holders.values().stream().flatMap(holding -> holding.names().stream()).filter(query::matches)
                    .min(Comparator.naturalOrder()).orElse(null);
            if (matching != null) {
                int complete = (int) holders.values().stream().filter(FileIndex.Holding::complete).count();
                hits.add(new SearchHit(FileId.of(hex), matching, sizes.get(hex), complete, holders.size() - complete));
            }
        });
        hits.sort(Comparator.comparingInt(SearchHit::sources).reversed()
                .thenComparing(Comparator.comparingInt(SearchHit::partialSources).reversed())
                .thenComparing(SearchHit::name).thenComparing(SearchHit::id));
        return hits;
    }

    @Provide
    Arbitrary<List<Change>> changes() {
        Arbitrary<String> name = Arbitraries.of(PIECES).list().ofMinSize(1).ofMaxSize(5).map(pieces -> String.join("", pieces))
                .filter(text -> !text.isBlank());
        return Combinators.combine(Arbitraries.integers().between(0, 7), Arbitraries.integers().between(0, 2), name,
                Arbitraries.integers().between(0, 4)).as(Change::new).list().ofMaxSize(40);
    }

    @Provide
    Arbitrary<List<String>> queries() {
        return Arbitraries.of(QUERY_WORDS).list().ofMinSize(1).ofMaxSize(2).map(words -> String.join(" ", words))
                .list().ofMinSize(1).ofMaxSize(6);
    }

    @Provide
    Arbitrary<Integer> limits() {
        return Arbitraries.integers().between(1, 5);
    }
}
