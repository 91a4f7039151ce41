package dev.p2pshare.peer.transfer;

import dev.p2pshare.peer.net.Located;
import dev.p2pshare.protocol.FileNames;
import java.util.Objects;

/**
 * A file picked for download: where it can be fetched from, and the name it was picked by. A file
 * with the same bytes may be shared under several names; the one the user chose (a search
 * result's, or the name typed) is the one it is saved under, not whichever the tracker lists.
 */
public record DownloadTarget(Located located, String name) {

    public DownloadTarget {
        Objects.requireNonNull(located, "located");
        FileNames.require(name);
    }
}
