package dev.p2pshare.protocol;

import java.util.Objects;

/**
 * A peer as the tracker lists it: who it is, where it serves, and how many files it shares.
 *
 * @param host the address peers connect to, as the tracker saw it: an IP literal
 * @param port the TCP port the peer serves chunks on
 * @param files how many files the peer shares
 */
public record PeerEntry(NodeId id, String name, String host, int port, int files) {

    public PeerEntry {
        Objects.requireNonNull(id, "id");
        FileNames.requirePeerName(name);
        Checks.text("host", host, 1, Limits.MAX_HOST_CHARS);
        Checks.port(port);
        Checks.range("files", files, 0, Limits.MAX_FILES_PER_PEER);
    }
}
