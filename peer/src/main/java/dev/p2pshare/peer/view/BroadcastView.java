package dev.p2pshare.peer.view;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A text sent to every other peer online.
 *
 * @param text what was said, where the answer repeats it
 * @param reached how many peers it went to
 */
public record BroadcastView(@JsonInclude(JsonInclude.Include.NON_NULL) String text, int reached) {
}
