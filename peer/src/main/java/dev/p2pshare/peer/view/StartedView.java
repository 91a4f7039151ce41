package dev.p2pshare.peer.view;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The first line a peer prints under {@code --json}: it is registered and serving.
 *
 * @param event always {@code started}
 * @param listening where it serves chunks, {@code HOST:PORT}
 * @param files how many files it shares
 * @param bytes their total size
 * @param web the web page's address with its token, when it serves one
 */
public record StartedView(String event, String name, String listening, int files, long bytes, String tracker,
        String peerId, @JsonInclude(JsonInclude.Include.NON_NULL) String web) {

    public StartedView(String name, String listening, int files, long bytes, String tracker, String peerId,
            String web) {
        this("started", name, listening, files, bytes, tracker, peerId, web);
    }
}
