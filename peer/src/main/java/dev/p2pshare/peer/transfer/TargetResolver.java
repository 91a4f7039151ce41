package dev.p2pshare.peer.transfer;

import dev.p2pshare.peer.PeerException;
import dev.p2pshare.peer.net.ErrorReplyException;
import dev.p2pshare.peer.net.TrackerLink;
import dev.p2pshare.protocol.ErrorCode;
import dev.p2pshare.protocol.FileId;
import dev.p2pshare.protocol.Limits;
import dev.p2pshare.protocol.Message;
import dev.p2pshare.protocol.SearchHit;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns what a person types after {@code get} into one file and its sources: {@code #N} or
 * {@code N} for the N-th result of the last search, an id prefix of at least 6 hex digits, or a
 * file's exact name when only one file has it.
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
     * @throws PeerException if it names no file, or more than one
     * @throws IOException if the tracker cannot be asked
     */
    public DownloadTarget resolve(String target, List<SearchHit> lastHits) throws PeerException, IOException {
        String text = target.strip();
        if (text.isEmpty()) {
            throw new PeerException("say which file: #N from the last search, an id prefix, or a name");
        }
        boolean hashNumber = text.startsWith("#");
        if (RESULT_NUMBER.matcher(text).matches() && (hashNumber || text.length() < FileId.MIN_PREFIX_CHARS)) {
            SearchHit hit = resultNumber(text, lastHits);
            return new DownloadTarget(locate(hit.id().hex()), hit.name());
        }
        String lower = text.toLowerCase(Locale.ROOT);
        if (FileId.isPrefix(lower)) {
            try {
                Message.LocateResult located = locate(lower);
                return new DownloadTarget(located, located.file().name());
            } catch (PeerException notAnId) {
                return byName(text).orElseThrow(() -> notAnId);
            }
        }
        return byName(text).orElseThrow(() -> new PeerException("no online peer shares a file named '" + text
                + "'; try 'search' to find it"));
    }

    private static SearchHit resultNumber(String text, List<SearchHit> lastHits) throws PeerException {
        int number = Integer.parseInt(text.startsWith("#") ? text.substring(1) : text);
        if (lastHits.isEmpty()) {
            throw new PeerException("there are no search results to pick #" + number + " from; run 'search' first");
        }
        if (number < 1 || number > lastHits.size()) {
            throw new PeerException("the last search has results #1 to #" + lastHits.size() + ", not #" + number);
        }
        return lastHits.get(number - 1);
    }

    private Message.LocateResult locate(String idPrefix) throws PeerException, IOException {
        try {
            return link.locate(idPrefix);
        } catch (ErrorReplyException e) {
            if (e.code() == ErrorCode.NOT_FOUND || e.code() == ErrorCode.AMBIGUOUS) {
                throw new PeerException(e.getMessage(), e);
            }
            throw e;
        }
    }

    private Optional<DownloadTarget> byName(String name) throws PeerException, IOException {
        if (name.length() > Limits.MAX_QUERY_CHARS) {
            throw new PeerException("that name is too long to look up; use the file's id instead");
        }
        List<SearchHit> exact = link.search(name, Limits.MAX_SEARCH_HITS).hits().stream()
                .filter(hit -> hit.name().equals(name))
                .toList();
        List<FileId> ids = exact.stream().map(SearchHit::id).distinct().toList();
        if (ids.isEmpty()) {
            return Optional.empty();
        }
        if (ids.size() > 1) {
            throw new PeerException(ids.size() + " different files are named '" + name + "' ("
                    + ids.stream().map(FileId::shortHex).collect(Collectors.joining(", "))
                    + "); get one by its id");
        }
        return Optional.of(new DownloadTarget(locate(ids.get(0).hex()), name));
    }
}
