package dev.p2pshare.tracker;

import dev.p2pshare.protocol.FileEntry;
import dev.p2pshare.protocol.FileId;
import dev.p2pshare.protocol.Limits;
import dev.p2pshare.protocol.Manifest;
import dev.p2pshare.protocol.NodeId;
import dev.p2pshare.protocol.SearchHit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.regex.Pattern;

/**
 * Every file some online peer shares, whole or in part, with the peers that have it, and an index
 * of the tokens of their names ({@link NameTokens}) that a search looks up instead of reading
 * every name.
 *
 * <p>Files ({@link ListedFile}) are kept in one set sorted by id, for locating by id or prefix.
 * Each token has two lists of files. The files one peer shares whole under one name, nearly all
 * of them, are in the token's {@link NameOrderedFiles}: they rank among themselves by name, so a
 * search reads them best first and stops once no further one can make its best hits. Every other
 * file is in the token's other list, which a search reads whole; a file that stops being held so
 * simply moves there, for good. A query word's tokens are looked up inside the indexed ones
 * through a {@link TokenDictionary} of their suffixes. A search reads the files of the query's
 * rarest token; of those held simply, it reads the name only when the file's
 * {@link NameSignature} may have the other words' tokens.
 *
 * <p>Changes come only from {@link PeerRegistry}, under its lock. Reads (search, lookup) take no
 * lock and see each file either before or after a change: a file's holders are an immutable
 * snapshot replaced whole, and a token's lists are published a chunk or a run at a time.
 *
 * <p>A token's other list keeps files that have gone until they are half of it, then is copied
 * without them (so each removal costs a constant amount on average); searches skip them meanwhile.
 */
final class FileIndex {

    /** Best first: most whole sources, then most partial ones, then by name, then by id. */
    private static final Comparator<Candidate> BEST_FIRST = Comparator.comparingInt(Candidate::complete).reversed()
            .thenComparing(Comparator.comparingInt(Candidate::partial).reversed())
            .thenComparing(Candidate::name)
            .thenComparing(Candidate::file);

    /** What an id prefix may be: the start of 64 lower-case hex digits. */
    private static final Pattern HEX_PREFIX = Pattern.compile("[0-9a-f]{0,64}");

    /**
     * How one peer holds a file.
     *
     * @param names the names the peer shares it under, each once, in the order announced: copies
     *     of one file in a folder are one file under several names
     * @param complete whether it has every chunk
     * @param chunks how many chunks it has; for a whole file, the count of the listed size
     */
    record Holding(List<String> names, boolean complete, int chunks) {
        Holding {
            names = List.copyOf(names);
        }

        /** This holding, also under the names of {@code other} it lacks, up to {@value Limits#MAX_NAMES_PER_FILE}. */
        Holding alsoNamed(Holding other) {
            LinkedHashSet<String> all = new LinkedHashSet<>(names);
            for (String name : other.names()) {
                if (all.size() == Limits.MAX_NAMES_PER_FILE) {
                    break;
                }
                all.add(name);
            }
            return new Holding(List.copyOf(all), complete, chunks);
        }
    }

    /**
     * A file and who shares it, under the name each sharer gave it, as at one moment.
     *
     * @param size the size the first sharer announced; others may have announced another, which
     *     only a downloader can settle (the file id commits to the real size), and are listed
     *     under this one
     * @param holders who holds it; immutable
     * @param name one of the names the file is shared under; which one is unspecified
     * @param completeSources how many holders have the whole file
     * @param partialSources how many holders have only part of it
     * @param foldedName {@code name} lower-cased, the same object when it has no capitals
     * @param onlyName whether {@code name} is the one name the file is shared under
     */
    record IndexedFile(FileId id, long size, Map<NodeId, Holding> holders, String name, int completeSources,
            int partialSources, String foldedName, boolean onlyName) {

        static IndexedFile of(FileId id, long size, Map<NodeId, Holding> holders) {
            int complete = 0;
            String name = null;
            boolean onlyName = true;
            for (Holding holding : holders.values()) {
                complete += holding.complete() ? 1 : 0;
                for (String each : holding.names()) {
                    name = name == null ? each : name;
                    onlyName &= each.equals(name);
                }
            }
            String listed = name == null ? "?" : name;
            return new IndexedFile(id, size, holders, listed, complete, holders.size() - complete,
                    NameQuery.fold(listed), onlyName);
        }

        FileEntry entry() {
            return new FileEntry(id, name, size);
        }

        /** The distinct names the file is shared under. */
        Set<String> names() {
            Set<String> names = new LinkedHashSet<>();
            for (Holding holding : holders.values()) {
                names.addAll(holding.names());
            }
            return names;
        }
    }

    /** What a search found: the best hits, and whether more matched than were returned. */
    record Matches(List<SearchHit> hits, boolean truncated) {
    }

    /** The files of a token's other list, as published to readers. */
    private record Run(ListedFile[] files, int count) {
    }

    /** A token's files not in name order: appended under the registry's lock, read without one. */
    private static final class Postings {
        volatile Run run = new Run(new ListedFile[2], 0);
        /** Files in the run that have gone; changed under the lock only. */
        int gone;

        void add(ListedFile file) {
            Run now = run;
            ListedFile[] files = now.files();
            if (now.count() == files.length) {
                ListedFile[] grown = new ListedFile[files.length + (files.length >> 1) + 1];
                System.arraycopy(files, 0, grown, 0, now.count());
                files = grown;
            }
            files[now.count()] = file;
            run = new Run(files, now.count() + 1);
        }

        /** Notes that one file in the run has gone, and copies the run without gone ones if enough have. */
        void oneGone() {
            gone++;
            Run now = run;
            if (gone * 2 > now.count()) {
                ListedFile[] live = new ListedFile[now.count() - gone + 2];
                int count = 0;
                for (int i = 0; i < now.count(); i++) {
                    ListedFile file = now.files()[i];
                    if (!file.gone) {
                        if (count == live.length) {
                            live = Arrays.copyOf(live, live.length * 2);
                        }
                        live[count++] = file;
                    }
                }
                run = new Run(live, count);
                gone = 0;
            }
        }
    }

    /** The files whose names have one token. */
    private static final class TokenFiles {
        final NameOrderedFiles inNameOrder = new NameOrderedFiles();
        final Postings others = new Postings();

        long count() {
            return inNameOrder.size() + (long) others.run.count();
        }
    }

    /** A file that matched, with the name it matched under and what it is ranked by. */
    private record Candidate(ListedFile file, String name, int complete, int partial) {
    }

    /** The best candidates of one search so far, and whether one that matched was left out. */
    private static final class Ranking {
        private final int limit;
        private final PriorityQueue<Candidate> worstFirst = new PriorityQueue<>(BEST_FIRST.reversed());
        /** The files in {@link #worstFirst}, by id. */
        private final Set<ListedFile> ids = new TreeSet<>();
        private boolean truncated;

        Ranking(int limit) {
            this.limit = limit;
        }

        /** Whether {@code candidate} would be among the best; if not, notes that a match is left out. */
        boolean takes(Candidate candidate) {
            if (worstFirst.size() < limit || BEST_FIRST.compare(candidate, worstFirst.peek()) < 0) {
                return true;
            }
            truncated = true;
            return false;
        }

        void add(Candidate candidate) {
            // A file that went and was listed again while the search read is two ListedFiles with
            // one id: it is listed once, as whichever was found first.
            if (!ids.add(candidate.file())) {
                return;
            }
            worstFirst.add(candidate);
            if (worstFirst.size() > limit) {
                ids.remove(worstFirst.poll().file());
                truncated = true;
            }
        }

        /** Adds {@code file} as {@code state} has it, if one of its names matches {@code query}. */
        void consider(ListedFile file, IndexedFile state, NameQuery query) {
            Optional<String> name = matchingName(state, query);
            name.ifPresent(matching -> add(new Candidate(file, matching, state.completeSources(),
                    state.partialSources())));
        }

        Matches matches() {
            List<Candidate> best = new ArrayList<>(worstFirst);
            best.sort(BEST_FIRST);
            List<SearchHit> hits = new ArrayList<>(best.size());
            for (Candidate candidate : best) {
                hits.add(new SearchHit(candidate.file().id(), candidate.name(), candidate.file().size,
                        candidate.complete(), candidate.partial()));
            }
            return new Matches(hits, truncated);
        }
    }

    private final ConcurrentSkipListSet<ListedFile> files = new ConcurrentSkipListSet<>();
    private final ConcurrentHashMap<String, TokenFiles> tokens = new ConcurrentHashMap<>();
    private final TokenDictionary dictionary = new TokenDictionary();
    private volatile int count;

    /** The file with {@code id} and who holds it, if any peer shares it. */
    Optional<IndexedFile> file(FileId id) {
        ListedFile listed = find(id);
        return listed == null ? Optional.empty() : Optional.of(listed.view());
    }

    /** The size recorded for {@code id}, if any peer shares it. */
    Optional<Long> sizeOf(FileId id) {
        ListedFile listed = find(id);
        return listed == null ? Optional.empty() : Optional.of(listed.size);
    }

    /**
     * Records that {@code holder} shares the whole {@code file}, under its name as well as any it
     * announced before. The first size given for an id is the one listed, and a whole holder's
     * chunk count is that size's.
     */
    void add(FileEntry file, NodeId holder) {
        ListedFile listed = find(file.id());
        long size = listed == null ? file.size() : listed.size;
        put(listed, file, holder, new Holding(List.of(file.name()), true, Manifest.chunkCount(size)));
    }

    /**
     * Records that {@code holder} has {@code chunks} of {@code file}'s chunks and is downloading
     * the rest. A peer listed as having the whole file stays so.
     */
    void addPartial(FileEntry file, NodeId holder, int chunks) {
        ListedFile listed = find(file.id());
        long size = listed == null ? file.size() : listed.size;
        put(listed, file, holder, new Holding(List.of(file.name()), false, Math.min(chunks, Manifest.chunkCount(size))));
    }

    private ListedFile find(FileId id) {
        ListedFile probe = ListedFile.probe(id);
        ListedFile found = files.ceiling(probe);
        return found != null && found.compareTo(probe) == 0 ? found : null;
    }

    private void put(ListedFile listed, FileEntry file, NodeId holder, Holding holding) {
        if (listed == null) {
            // Interned: many files share a name (IMG_0042.JPG), and the JVM drops a name no file has.
            Set<String> nameTokens = NameTokens.of(NameQuery.fold(file.name()));
            ListedFile fresh = ListedFile.of(file.id(), file.size(), file.name().intern(), nameTokens);
            fresh.hold(IndexedFile.of(file.id(), file.size(), Map.of(holder, holding)));
            files.add(fresh);
            count++;
            if (fresh.heldSimply()) {
                fresh.inNameOrder = true;
                // Every token is in the dictionary before the file is in any token's list: a
                // search that finds it through one token must find its others to see it match.
                List<TokenFiles> lists = new ArrayList<>();
                for (String token : nameTokens) {
                    lists.add(filesOf(token));
                }
                for (TokenFiles list : lists) {
                    list.inNameOrder.add(fresh);
                }
            } else {
                index(fresh, Set.of(), file.name());
            }
            return;
        }
        IndexedFile before = listed.view();
        Holding old = before.holders().get(holder);
        Holding kept;
        if (old != null && old.complete()) {
            // A whole file stays whole; another whole copy under another name adds the name.
            kept = holding.complete() ? old.alsoNamed(holding) : old;
        } else {
            kept = holding;
        }
        Map<NodeId, Holding> holders = new HashMap<>(before.holders());
        holders.put(holder, kept);
        IndexedFile after = IndexedFile.of(before.id(), before.size(), Map.copyOf(holders));
        Set<String> names = before.names();
        if (listed.inNameOrder) {
            leaveNameOrderIfNot(listed, after);
            return;
        }
        // Published before the new name's tokens: a search that finds the file through one of them
        // must see the state that has the name.
        listed.hold(after);
        if (!names.contains(file.name()) && kept.names().contains(file.name())) {
            index(listed, names, file.name());
        }
    }

    /**
     * Makes {@code after} the state of {@code listed}, a file in name order, and moves it to its
     * tokens' other lists if it is no longer held by one peer whole under its first name only.
     * It joins the other lists before it leaves the name-ordered ones, which searches read first:
     * a search finds it in one or both, and counts it once.
     */
    private void leaveNameOrderIfNot(ListedFile listed, IndexedFile after) {
        boolean stays = after.holders().size() == 1 && after.completeSources() == 1 && after.onlyName()
                && after.name().equals(listed.firstName);
        if (stays) {
            listed.hold(after);
            return;
        }
        for (String token : NameTokens.ofAll(folded(after.names()))) {
            filesOf(token).others.add(listed);
        }
        listed.hold(after);
        listed.inNameOrder = false;
        for (String token : NameTokens.of(NameQuery.fold(listed.firstName))) {
            tokens.get(token).inNameOrder.remove(listed);
        }
    }

    /** Adds {@code listed} to the other lists of the tokens of {@code name} that its other names lack. */
    private void index(ListedFile listed, Set<String> otherNames, String name) {
        List<String> indexed = otherNames.isEmpty() ? List.of() : NameTokens.ofAll(folded(otherNames));
        for (String token : NameTokens.of(NameQuery.fold(name))) {
            if (!indexed.contains(token)) {
                filesOf(token).others.add(listed);
            }
        }
    }

    /** The files of {@code token}, which become indexed if it was not. */
    private TokenFiles filesOf(String token) {
        TokenFiles existing = tokens.get(token);
        if (existing != null) {
            return existing;
        }
        TokenFiles fresh = new TokenFiles();
        tokens.put(token, fresh);
        dictionary.add(token, tokens.keySet());
        return fresh;
    }

    /** Records that {@code holder} no longer shares {@code id}; forgets the file when nobody does. */
    void remove(FileId id, NodeId holder) {
        ListedFile listed = find(id);
        if (listed == null) {
            return;
        }
        IndexedFile before = listed.view();
        Holding leaving = before.holders().get(holder);
        if (leaving == null) {
            return;
        }
        if (before.holders().size() > 1) {
            Map<NodeId, Holding> holders = new HashMap<>(before.holders());
            holders.remove(holder);
            listed.hold(IndexedFile.of(before.id(), before.size(), Map.copyOf(holders)));
            return;
        }
        files.remove(listed);
        count--;
        listed.gone = true;
        Collection<String> names = listed.inNameOrder ? NameTokens.of(NameQuery.fold(listed.firstName))
                : NameTokens.ofAll(folded(before.names()));
        for (String token : names) {
            TokenFiles files = tokens.get(token);
            if (files != null) {
                if (listed.inNameOrder) {
                    files.inNameOrder.remove(listed);
                } else {
                    files.others.oneGone();
                }
                if (files.count() == 0) {
                    tokens.remove(token);
                }
            }
        }
    }

    /** How many distinct files are shared. */
    int size() {
        return count;
    }

    /** The {@code limit} best files whose name (under any sharer) matches {@code query}. */
    Matches search(NameQuery query, int limit) {
        Ranking ranking = new Ranking(limit);
        List<LookedUp> lookedUp = lookUp(query);
        Optional<LookedUp> narrowest = lookedUp.stream().min(Comparator.comparingLong(LookedUp::count));
        if (narrowest.isEmpty()) {
            for (ListedFile file : files) {
                if (!file.gone) {
                    ranking.consider(file, file.view(), query);
                }
            }
            return ranking.matches();
        }
        // A one-token word found through its own token needs no second look at a file's only
        // name: the token proves the word is in it. Only the other words are looked for.
        String word = narrowest.get().word();
        String proven = NameTokens.of(word).equals(Set.of(word)) ? word : null;
        // For each token still to find, the signature bits of the indexed tokens that contain it.
        long[] stillWanted = lookedUp.stream().filter(token -> !token.word().equals(proven))
                .mapToLong(LookedUp::bits).toArray();
        Set<ListedFile> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        // Name order first, then the other lists: a file moving from one to the other is in the
        // other by the time it has left the first.
        List<TokenFiles> lists = narrowest.get().files();
        NameOrderedFiles.Visitor visitor = file -> {
            if (file.gone) {
                return true;
            }
            if (!file.heldSimply()) {
                // It left name order while this search read it: it ranks as any other file.
                if (seen.add(file)) {
                    ranking.consider(file, file.view(), query);
                }
                return true;
            }
            // Cheapest first: the signature is in the file, the name another object, the set a lookup.
            if (!mayMatch(file.firstNameSignature, stillWanted) || !query.matchesWithoutCopy(file.firstName, proven)
                    || seen.contains(file)) {
                return true;
            }
            Candidate candidate = new Candidate(file, file.firstName, 1, 0);
            if (!ranking.takes(candidate)) {
                // Every file after it in name order ranks after it too.
                return false;
            }
            seen.add(file);
            ranking.add(candidate);
            return true;
        };
        if (query.words().size() == 1) {
            // Most files match: merged into one name order, the lists are read only until the
            // best are known.
            NameOrderedFiles.inOrder(lists.stream().map(token -> token.inNameOrder).toList(), visitor);
        } else {
            // Few files match the other words, so each list is likely read to its end: one list
            // after another, each stopping on its own, spares the merge a name comparison a file.
            for (TokenFiles token : lists) {
                NameOrderedFiles.inOrder(List.of(token.inNameOrder), visitor);
            }
        }
        for (TokenFiles token : lists) {
            Run run = token.others.run;
            for (int i = 0; i < run.count(); i++) {
                ListedFile file = run.files()[i];
                if (!file.gone && seen.add(file)) {
                    ranking.consider(file, file.view(), query);
                }
            }
        }
        return ranking.matches();
    }

    /**
     * One token of a query word looked up.
     *
     * @param word the query word
     * @param files the files of every indexed token that contains the word's token
     * @param count how many files those are
     * @param bits the {@link NameSignature} bits of those tokens
     */
    private record LookedUp(String word, List<TokenFiles> files, long count, long bits) {
    }

    /**
     * Every token of every word of {@code query}, looked up; empty if no word has a token (then
     * every file is a candidate).
     */
    private List<LookedUp> lookUp(NameQuery query) {
        List<LookedUp> lookedUp = new ArrayList<>();
        for (String word : query.words()) {
            for (String wanted : NameTokens.of(word)) {
                List<TokenFiles> containing = new ArrayList<>();
                long count = 0;
                long bits = 0;
                for (String token : dictionary.containing(wanted)) {
                    bits |= NameSignature.bit(token);
                    TokenFiles files = tokens.get(token);
                    if (files != null) {
                        containing.add(files);
                        count += files.count();
                    }
                }
                lookedUp.add(new LookedUp(word, containing, count, bits));
            }
        }
        return lookedUp;
    }

    /** Whether a name with {@code signature} may have, for each of {@code required}, one of its tokens. */
    private static boolean mayMatch(long signature, long[] required) {
        for (long anyOf : required) {
            if (!NameSignature.mayHaveOneOf(signature, anyOf)) {
                return false;
            }
        }
        return true;
    }

    /** Up to {@code max} files whose id starts with {@code prefix}, in id order. */
    List<IndexedFile> withPrefix(String prefix, int max) {
        List<IndexedFile> found = new ArrayList<>();
        if (!HEX_PREFIX.matcher(prefix).matches()) {
            return found;
        }
        ListedFile probe = ListedFile.probe(prefix);
        for (ListedFile file : files.tailSet(probe)) {
            if (found.size() == max || !file.sharesDigits(probe, prefix.length())) {
                break;
            }
            found.add(file.view());
        }
        return found;
    }

    private static List<String> folded(Set<String> names) {
        List<String> folded = new ArrayList<>(names.size());
        for (String name : names) {
            folded.add(NameQuery.fold(name));
        }
        return folded;
    }

    /** The first in order of the names of {@code file} that match {@code query}, if any does. */
    private static Optional<String> matchingName(IndexedFile file, NameQuery query) {
        if (file.onlyName()) {
            return query.matchesFolded(file.foldedName()) ? Optional.of(file.name()) : Optional.empty();
        }
        String first = null;
        for (Holding holding : file.holders().values()) {
            for (String name : holding.names()) {
                if ((first == null || name.compareTo(first) < 0) && query.matches(name)) {
                    first = name;
                }
            }
        }
        return Optional.ofNullable(first);
    }
}
