package dev.p2pshare.peer.view;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A file copied into the folder and shared. Each answer carries the fields it documents: the
 * shell's {@code added} and {@code path}, the web page's {@code name}.
 *
 * @param added whether it was new, not shared already
 * @param path where it is in the folder, relative to it
 */
public record ShareView(@JsonInclude(JsonInclude.Include.NON_NULL) Boolean added, String id, @JsonInclude(JsonInclude.Include.NON_NULL) String name, @JsonInclude(JsonInclude.Include.NON_NULL) String path, long size) {
}
