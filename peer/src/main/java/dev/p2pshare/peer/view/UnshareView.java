package dev.p2pshare.peer.view;

/**
 * A file no longer shared, kept.
 *
 * @param movedTo where the file is now
 */
public record UnshareView(String movedTo) {
}
