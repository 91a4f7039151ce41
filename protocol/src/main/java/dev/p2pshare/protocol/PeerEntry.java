package dev.p2pshare.protocol;

import java.util.Objects;

/**
 * A peer as the tracker lists it: who it is, where it serves, and how many files it shares.
 *
 * @param host the address peers connect to, as the tracker saw it: an IP literal, never a name to look up
 * @param port the TCP port the peer serves chunks on
 * @param files how many files the peer shares
 */
public record PeerEntry(NodeId id, String name, String host, int port, int files) {

    public PeerEntry {
        Objects.requireNonNull(id, "id");
        FileNames.requirePeerName(name);
        Checks.ipLiteral("host", host);
        Checks.port(port);
        Checks.range("files", files, 0, Limits.MAX_FILES_PER_PEER);
    }
}
