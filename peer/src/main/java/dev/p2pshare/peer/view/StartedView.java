package dev.p2pshare.peer.view;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The first line a peer prints under {@code --json}, with {@code "event": "started"}: it is
 * registered and serving.
 *
 * @param listening where it serves chunks, {@code HOST:PORT}
 * @param files how many files it shares
 * @param bytes their total size
 * @param web the web page's address with its token, when it serves one
 */
@JsonPropertyOrder({"event"})
public record StartedView(String name, String listening, int files, long bytes, String tracker, String peerId,
        @JsonInclude(JsonInclude.Include.NON_NULL) String web) {

    /** Always {@code started}. */
    @JsonProperty("event")
    public String event() {
        return "started";
    }
}
