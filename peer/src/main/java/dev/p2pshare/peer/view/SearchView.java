package dev.p2pshare.peer.view;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.p2pshare.peer.net.SearchResults;
import dev.p2pshare.protocol.SearchHit;
import java.util.ArrayList;
import java.util.List;

/**
 * What a search found.
 *
 * @param truncated whether more files matched than the tracker lists at once
 */
public record SearchView(String query, List<Hit> hits, boolean truncated) {

    /**
     * One file found.
     *
     * @param number its place in the results, by which {@code get #N} picks it; null where results are not numbered
     * @param sources how many peers have it whole
     * @param partial how many peers have part of it
     */
    public record Hit(@JsonInclude(JsonInclude.Include.NON_NULL) Integer number, String id, String name, long size,
            int sources, int partial) {
    }

    public SearchView {
        hits = List.copyOf(hits);
    }

    /**
     * The tracker's answer to {@code query}.
     *
     * @param numbered whether each hit carries its number
     */
    public static SearchView of(String query, SearchResults result, boolean numbered) {
        List<Hit> hits = new ArrayList<>();
        for (SearchHit hit : result.hits()) {
            hits.add(new Hit(numbered ? hits.size() + 1 : null, hit.id().hex(), hit.name(), hit.size(), hit.sources(),
                    hit.partialSources()));
        }
        return new SearchView(query, hits, result.truncated());
    }
}
