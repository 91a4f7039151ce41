package dev.p2pshare.peer.view;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A text sent to one peer.
 *
 * @param to the recipient's name
 * @param text what was said, where the answer repeats it
 */
public record SentView(String to, String toId, @JsonInclude(JsonInclude.Include.NON_NULL) String text) {
}
