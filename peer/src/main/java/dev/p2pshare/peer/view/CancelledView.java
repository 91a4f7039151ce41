package dev.p2pshare.peer.view;

/**
 * A background download stopped, what had arrived kept.
 *
 * @param cancelled the file's id
 */
public record CancelledView(String cancelled, String name) {
}
