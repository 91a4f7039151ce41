package dev.p2pshare.peer.transfer;

import dev.p2pshare.peer.net.Located;
import dev.p2pshare.peer.net.TrackerLink;
import dev.p2pshare.peer.reference.Kind;
import dev.p2pshare.peer.reference.Reference;
import dev.p2pshare.protocol.ErrorCode;
import dev.p2pshare.protocol.FileId;
import dev.p2pshare.protocol.Limits;
import dev.p2pshare.protocol.SearchHit;
import dev.p2pshare.protocol.transport.ErrorReplyException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns what a person types after {@code get} into one file and its sources: {@code #N} or
 * {@code N} for the N-th result of the last search, or else a file's name or id prefix as a
 * {@link Reference} reads it, asked of the tracker (a {@code locate} for the id, a {@code search}
 * for the exact name).
 */
public final class TargetResolver {

    private static final Pattern RESULT_NUMBER = Pattern.compile("#?\\d{1,5}");

    private final TrackerLink link;

    public TargetResolver(TrackerLink link) {
        this.link = link;
    }

    /**
     * The file {@code target} names, located, with the name it goes by: the search result's for
     * {@code #N}, the typed one for a name, the tracker's for an id prefix.
     *
     * @param lastHits the results of the last search, for {@code #N}
     * @throws DownloadException if it names no file, or more than one
     * @throws IOException if the tracker cannot be asked
     */
    public DownloadTarget resolve(String target, List<SearchHit> lastHits) throws DownloadException, IOException {
        Reference reference = Reference.of(target);
        String text = reference.text();
        if (text.isEmpty()) {
            throw new DownloadException("say which file: #N from the last search, its name, or at least "
                    + Reference.MIN_ID_DIGITS + " digits of its id");
        }
        boolean hashNumber = text.startsWith("#");
        if (RESULT_NUMBER.matcher(text).matches() && (hashNumber || text.length() < Reference.MIN_ID_DIGITS)) {
            SearchHit hit = resultNumber(text, lastHits);
            return new DownloadTarget(locate(hit.id().hex()), hit.name());
        }
        List<Candidate> candidates = new ArrayList<>();
        Optional<Located> byId = locateByPrefix(reference);
        byId.ifPresent(located -> candidates.add(new Candidate(located.file().id(), located.file().name(), byId)));
        if (byId.isEmpty() || !reference.idPrefix().orElseThrow().equals(byId.get().file().id().hex())) {
            // A whole id names its file outright; anything shorter might be a name as well.
            candidates.addAll(namedExactly(reference));
        }
        Candidate picked = reference.pickOne(candidates, Candidate::name, candidate -> candidate.id().hex(),
                Kind.ONLINE_FILE).orElseThrow(DownloadException::new);
        Located located = picked.located().isPresent() ? picked.located().get() : locate(picked.id().hex());
        return new DownloadTarget(located, picked.name());
    }

    /** A file that answers to the reference, located already if the tracker was asked by id. */
    private record Candidate(FileId id, String name, Optional<Located> located) {
    }

    private static SearchHit resultNumber(String text, List<SearchHit> lastHits) throws DownloadException {
        int number = Integer.parseInt(text.startsWith("#") ? text.substring(1) : text);
        if (lastHits.isEmpty()) {
            throw new DownloadException("there are no search results to pick #" + number + " from",
                    DownloadException.Remedy.SEARCH_FIRST);
        }
        if (number < 1 || number > lastHits.size()) {
            throw new DownloadException("the last search has results #1 to #" + lastHits.size() + ", not #" + number);
        }
        return lastHits.get(number - 1);
    }

    /** The one file whose id starts with the reference's digits, if there are digits and such a file. */
    private Optional<Located> locateByPrefix(Reference reference) throws DownloadException, IOException {
        if (reference.idPrefix().isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(link.locate(reference.idPrefix().get()));
        } catch (ErrorReplyException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                return Optional.empty();
            }
            if (e.code() == ErrorCode.AMBIGUOUS) {
                throw new DownloadException(Kind.ONLINE_FILE.ambiguous(reference.text(), List.of()), e);
            }
            throw e;
        }
    }

    private Located locate(String idPrefix) throws DownloadException, IOException {
        try {
            return link.locate(idPrefix);
        } catch (ErrorReplyException e) {
            if (e.code() == ErrorCode.NOT_FOUND || e.code() == ErrorCode.AMBIGUOUS) {
                throw new DownloadException(e.getMessage(), e);
            }
            throw e;
        }
    }

    /** The files online peers share under exactly the reference's text, by the tracker's search. */
    private List<Candidate> namedExactly(Reference reference) throws DownloadException, IOException {
        String name = reference.text();
        if (name.length() > Limits.MAX_QUERY_CHARS) {
            if (reference.idPrefix().isPresent()) {
                return List.of();
            }
            throw new DownloadException("that name is too long to look up; use the file's id instead");
        }
        return link.search(name, Limits.MAX_SEARCH_HITS).hits().stream()
                .filter(hit -> hit.name().equals(name))
                .map(hit -> new Candidate(hit.id(), hit.name(), Optional.empty()))
                .toList();
    }
}
