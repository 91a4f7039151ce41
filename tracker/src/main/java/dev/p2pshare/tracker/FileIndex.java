package dev.p2pshare.tracker;

import dev.p2pshare.protocol.FileEntry;
import dev.p2pshare.protocol.FileId;
import dev.p2pshare.protocol.Limits;
import dev.p2pshare.protocol.Manifest;
import dev.p2pshare.protocol.NodeId;
import dev.p2pshare.protocol.SearchHit;
import java.util.ArrayList;
import java.util.Arrays;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Every file some online peer shares, whole or in part, with the peers that have it, and an index
 * of the tokens of their names ({@link NameTokens}) that a search looks up instead of reading
 * every name.
 *
 * <p>Changes come only from {@link PeerRegistry}, under its lock. Reads (search, lookup) take no
 * lock and see each file either before or after a change: a file's holders are an immutable
 * snapshot replaced whole, and a token's list of files is published whole.
 *
 * <p>A token's list keeps files that have gone until they are half of it, then is copied without
 * them (so each removal costs a constant amount on average); searches skip them meanwhile.
 */
final class FileIndex {

    /** Best first: most whole sources, then most partial ones, then by name, then by id. */
    private static final Comparator<Candidate> BEST_FIRST = Comparator.comparingInt(Candidate::complete).reversed()
            .thenComparing(Comparator.comparingInt(Candidate::partial).reversed())
            .thenComparing(Candidate::name)
            .thenComparing(candidate -> candidate.file().id());

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

    /** One listed file, for as long as someone holds it; its state is replaced whole on every change. */
    private static final class Listing {
        volatile IndexedFile current;
        /** Set when the last holder lets go; a file listed again gets a new listing. */
        volatile boolean gone;
        /** Set once a name it was indexed under stopped being one of its names: its tokens may be stale. */
        volatile boolean namesChanged;

        Listing(IndexedFile current) {
            this.current = current;
        }
    }

    /** The files whose names have one token, as published to readers. */
    private record Run(Listing[] listings, int count) {
    }

    /** A token's files: appended under the registry's lock, read without one. */
    private static final class Postings {
        volatile Run run = new Run(new Listing[2], 0);
        /** Listings in the run that have gone; changed under the lock only. */
        int gone;

        void add(Listing listing) {
            Run now = run;
            Listing[] listings = now.listings();
            if (now.count() == listings.length) {
                Listing[] grown = new Listing[listings.length + (listings.length >> 1) + 1];
                System.arraycopy(listings, 0, grown, 0, now.count());
                listings = grown;
            }
            listings[now.count()] = listing;
            run = new Run(listings, now.count() + 1);
        }

        /** Notes that one listing in the run has gone, and copies the run without gone ones if enough have. */
        void oneGone() {
            gone++;
            Run now = run;
            if (gone * 2 > now.count()) {
                Listing[] live = new Listing[now.count() - gone + 2];
                int count = 0;
                for (int i = 0; i < now.count(); i++) {
                    Listing listing = now.listings()[i];
                    if (!listing.gone) {
                        if (count == live.length) {
                            live = Arrays.copyOf(live, live.length * 2);
                        }
                        live[count++] = listing;
                    }
                }
                run = new Run(live, count);
                gone = 0;
            }
        }
    }

    /** A file that matched, with the name it matched under and what it is ranked by. */
    private record Candidate(IndexedFile file, String name, int complete, int partial) {
    }

    private final ConcurrentNavigableMap<String, Listing> files = new ConcurrentSkipListMap<>();
    private final ConcurrentHashMap<String, Postings> tokens = new ConcurrentHashMap<>();

    /** The size recorded for {@code id}, if any peer shares it. */
    Optional<Long> sizeOf(FileId id) {
        Listing listing = files.get(id.hex());
        return listing == null ? Optional.empty() : Optional.of(listing.current.size());
    }

    /**
     * Records that {@code holder} shares the whole {@code file}, under its name as well as any it
     * announced before. The first size given for an id is the one listed, and a whole holder's
     * chunk count is that size's.
     */
    void add(FileEntry file, NodeId holder) {
        put(file, holder, new Holding(List.of(file.name()), true, Manifest.chunkCount(listedSize(file))));
    }

    /**
     * Records that {@code holder} has {@code chunks} of {@code file}'s chunks and is downloading
     * the rest. A peer listed as having the whole file stays so.
     */
    void addPartial(FileEntry file, NodeId holder, int chunks) {
        put(file, holder, new Holding(List.of(file.name()), false, Math.min(chunks,
                Manifest.chunkCount(listedSize(file)))));
    }

    private long listedSize(FileEntry file) {
        Listing listing = files.get(file.id().hex());
        return listing == null ? file.size() : listing.current.size();
    }

    private void put(FileEntry file, NodeId holder, Holding holding) {
        Listing listing = files.get(file.id().hex());
        if (listing == null) {
            listing = new Listing(IndexedFile.of(file.id(), file.size(), Map.of(holder, holding)));
            files.put(file.id().hex(), listing);
            index(listing, Set.of(), file.name());
            return;
        }
        IndexedFile before = listing.current;
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
        Set<String> names = before.names();
        // Published before the new name's tokens: a search that finds the file through one of them
        // must see the state that has the name.
        publish(listing, names, IndexedFile.of(before.id(), before.size(), Map.copyOf(holders)));
        if (!names.contains(file.name()) && kept.names().contains(file.name())) {
            index(listing, names, file.name());
        }
    }

    /**
     * Makes {@code after} the listing's state, which had {@code namesBefore}. If a name it was
     * indexed under is gone, the flag that says so is set first: a search that sees the new state
     * then sees the flag too.
     */
    private static void publish(Listing listing, Set<String> namesBefore, IndexedFile after) {
        if (!after.names().containsAll(namesBefore)) {
            listing.namesChanged = true;
        }
        listing.current = after;
    }

    /** Adds {@code listing} to the postings of the tokens of {@code name} that its other names lack. */
    private void index(Listing listing, Set<String> otherNames, String name) {
        List<String> indexed = otherNames.isEmpty() ? List.of() : NameTokens.ofAll(folded(otherNames));
        for (String token : NameTokens.of(NameQuery.fold(name))) {
            if (!indexed.contains(token)) {
                tokens.computeIfAbsent(token, key -> new Postings()).add(listing);
            }
        }
    }

    /** Records that {@code holder} no longer shares {@code id}; forgets the file when nobody does. */
    void remove(FileId id, NodeId holder) {
        Listing listing = files.get(id.hex());
        if (listing == null) {
            return;
        }
        IndexedFile before = listing.current;
        Holding leaving = before.holders().get(holder);
        if (leaving == null) {
            return;
        }
        if (before.holders().size() == 1) {
            files.remove(id.hex());
            listing.gone = true;
            for (String token : NameTokens.ofAll(folded(before.names()))) {
                Postings postings = tokens.get(token);
                if (postings != null) {
                    postings.oneGone();
                    if (postings.run.count() == 0) {
                        tokens.remove(token);
                    }
                }
            }
            return;
        }
        Map<NodeId, Holding> holders = new HashMap<>(before.holders());
        holders.remove(holder);
        publish(listing, before.names(), IndexedFile.of(before.id(), before.size(), Map.copyOf(holders)));
    }

    /** How many distinct files are shared. */
    int size() {
        return files.size();
    }

    /** The {@code limit} best files whose name (under any sharer) matches {@code query}. */
    Matches search(NameQuery query, int limit) {
        PriorityQueue<Candidate> worstFirst = new PriorityQueue<>(BEST_FIRST.reversed());
        boolean truncated = false;
        Optional<List<Postings>> narrowest = narrowestPostings(query);
        // A one-token word found through its own token needs no second look at a name that is
        // the file's only one: the token proves the word is in it.
        boolean tokenProvesMatch = query.words().size() == 1
                && NameTokens.of(query.words().get(0)).equals(Set.of(query.words().get(0)));
        // Only a file whose names changed can be in a token's list twice.
        Set<Listing> changedSeen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Listing listing : candidates(narrowest)) {
            // The state before the flag: a state published after a name went comes with the flag set.
            IndexedFile file = listing.current;
            boolean namesChanged = listing.namesChanged;
            if (listing.gone || namesChanged && !changedSeen.add(listing)) {
                continue;
            }
            int complete = file.completeSources();
            int partial = file.partialSources();
            boolean proven = tokenProvesMatch && narrowest.isPresent() && !namesChanged && file.onlyName();
            if (proven && worstFirst.size() == limit && !better(complete, partial, file.name(), worstFirst.peek())) {
                // Cheaper than a second look at the name: it would not make the list anyway.
                truncated = true;
                continue;
            }
            Optional<String> name = proven ? Optional.of(file.name()) : matchingName(file, query);
            if (name.isEmpty()) {
                continue;
            }
            worstFirst.add(new Candidate(file, name.get(), complete, partial));
            if (worstFirst.size() > limit) {
                worstFirst.poll();
                truncated = true;
            }
        }
        List<Candidate> best = new ArrayList<>(worstFirst);
        best.sort(BEST_FIRST);
        List<SearchHit> hits = new ArrayList<>(best.size());
        for (Candidate candidate : best) {
            hits.add(new SearchHit(candidate.file().id(), candidate.name(), candidate.file().size(),
                    candidate.complete(), candidate.partial()));
        }
        return new Matches(hits, truncated);
    }

    /** Whether a file with these sources and name ranks before {@code worst}. */
    private static boolean better(int complete, int partial, String name, Candidate worst) {
        if (complete != worst.complete()) {
            return complete > worst.complete();
        }
        if (partial != worst.partial()) {
            return partial > worst.partial();
        }
        // Equal names go to the full comparison, which orders by id next.
        return name.compareTo(worst.name()) <= 0;
    }

    /**
     * The postings of every indexed token that contains the query token with the fewest files
     * among them, or empty if no word of the query has a token (then every file is a candidate).
     */
    private Optional<List<Postings>> narrowestPostings(NameQuery query) {
        List<Postings> narrowest = null;
        long fewest = Long.MAX_VALUE;
        for (String word : query.words()) {
            for (String wanted : NameTokens.of(word)) {
                List<Postings> containing = new ArrayList<>();
                long count = 0;
                for (Map.Entry<String, Postings> token : tokens.entrySet()) {
                    if (token.getKey().contains(wanted)) {
                        containing.add(token.getValue());
                        count += token.getValue().run.count();
                    }
                }
                if (count < fewest) {
                    fewest = count;
                    narrowest = containing;
                }
            }
        }
        return Optional.ofNullable(narrowest);
    }

    /** The listings in {@code postings}, each once; every listed file if there are none. */
    private Iterable<Listing> candidates(Optional<List<Postings>> postings) {
        if (postings.isEmpty()) {
            return files.values();
        }
        List<Run> runs = new ArrayList<>();
        for (Postings one : postings.get()) {
            runs.add(one.run);
        }
        if (runs.size() == 1) {
            Run run = runs.get(0);
            return Arrays.asList(run.listings()).subList(0, run.count());
        }
        // A file whose names have several of the tokens is in several runs.
        Set<Listing> each = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Run run : runs) {
            for (int i = 0; i < run.count(); i++) {
                each.add(run.listings()[i]);
            }
        }
        return each;
    }

    /** Up to {@code max} files whose id starts with {@code prefix}, in id order. */
    List<IndexedFile> withPrefix(String prefix, int max) {
        List<IndexedFile> found = new ArrayList<>();
        for (Map.Entry<String, Listing> entry : files.tailMap(prefix).entrySet()) {
            if (!entry.getKey().startsWith(prefix) || found.size() == max) {
                break;
            }
            found.add(entry.getValue().current);
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
