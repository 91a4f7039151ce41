package dev.p2pshare.peer;

import dev.p2pshare.protocol.Message;
import dev.p2pshare.protocol.PeerEntry;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Finds the online peer a person means: by its exact name, or else by the first hex digits of its
 * id (at least {@value #MIN_ID_PREFIX_CHARS}), as {@code peers} shows them.
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
        List<PeerEntry> named = online.peers().stream().filter(peer -> peer.name().equals(reference)).toList();
        if (named.size() == 1) {
            return named.get(0);
        }
        if (named.size() > 1) {
            throw new PeerException(named.size() + " peers online are named '" + reference + "' (ids "
                    + ids(named) + "); give the first digits of the id you mean");
        }
        if (reference.length() >= MIN_ID_PREFIX_CHARS && reference.matches("[0-9a-f]+")) {
            List<PeerEntry> prefixed = online.peers().stream()
                    .filter(peer -> peer.id().hex().startsWith(reference)).toList();
            if (prefixed.size() == 1) {
                return prefixed.get(0);
            }
            if (prefixed.size() > 1) {
                throw new PeerException("more than one peer's id starts with " + reference + " (" + ids(prefixed)
                        + "); give more digits");
            }
        }
        throw new PeerException("no online peer is named '" + reference + "' or has an id starting with it;"
                + " 'peers' lists who is online");
    }

    private static String ids(List<PeerEntry> peers) {
        return peers.stream().map(peer -> peer.id().shortHex()).collect(Collectors.joining(", "));
    }
}
