package dev.p2pshare.peer.net;

import dev.p2pshare.protocol.SearchHit;
import java.util.List;

/**
 * What the tracker found for a search.
 *
 * @param hits the matching files, each with who shares it, as the tracker orders them
 * @param truncated whether the tracker found more than it sent
 */
public record SearchResults(List<SearchHit> hits, boolean truncated) {

    public SearchResults {
        hits = List.copyOf(hits);
    }
}
