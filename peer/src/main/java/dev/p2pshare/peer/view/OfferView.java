package dev.p2pshare.peer.view;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A shared file offered to every other peer online.
 *
 * @param file the file as it was named, where the answer repeats it
 * @param reached how many peers were told
 */
public record OfferView(@JsonInclude(JsonInclude.Include.NON_NULL) String file, int reached) {
}
