package dev.p2pshare.peer;

import dev.p2pshare.protocol.Message;
import dev.p2pshare.protocol.PeerEntry;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Finds the online peer a person means: by its whole id; or by its exact name or the first hex
 * digits of its id (at least {@value #MIN_ID_PREFIX_CHARS}), as {@code peers} shows them, as long
 * as only one peer answers to it either way.
 */
final class PeerResolver {

    /** Fewest id digits that pick a peer: enough that a typo rarely picks another. */
    static final int MIN_ID_PREFIX_CHARS = 4;

    private PeerResolver() {
    }

    /**
     * The one peer of {@code online} that {@code reference} names.
     *
     * @throws PeerException if none does, or more than one does
     */
    static PeerEntry resolve(String reference, Message.PeerList online) throws PeerException {
        List<PeerEntry> byId = online.peers().stream().filter(peer -> peer.id().hex().equals(reference)).toList();
        if (byId.size() == 1) {
            // A whole id names one node, whatever names others chose.
            return byId.get(0);
        }
        boolean hex = reference.length() >= MIN_ID_PREFIX_CHARS && reference.matches("[0-9a-f]+");
        // A name that looks like someone's id prefix must not capture what is meant for that id:
        // names and id prefixes are matched together, and more than one peer is ambiguous.
        List<PeerEntry> matching = online.peers().stream()
                .filter(peer -> peer.name().equals(reference) || hex && peer.id().hex().startsWith(reference))
                .toList();
        if (matching.size() == 1) {
            return matching.get(0);
        }
        if (matching.size() > 1) {
            throw new PeerException(matching.size() + " peers online answer to '" + reference + "' by name or id (ids "
                    + ids(matching) + "); give more digits of the id you mean");
        }
        throw new PeerException("no online peer is named '" + reference + "' or has an id starting with it;"
                + " 'peers' lists who is online");
    }

    private static String ids(List<PeerEntry> peers) {
        return peers.stream().map(peer -> peer.id().shortHex()).collect(Collectors.joining(", "));
    }
}
