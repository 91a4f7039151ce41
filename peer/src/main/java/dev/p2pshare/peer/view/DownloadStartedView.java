package dev.p2pshare.peer.view;

/**
 * A download started in the background.
 *
 * @param started the file's id
 * @param name the name it is saved under
 */
public record DownloadStartedView(String started, String name) {
}
