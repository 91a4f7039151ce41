package dev.p2pshare.peer.transfer;

import dev.p2pshare.peer.folder.Placement;
import dev.p2pshare.peer.folder.SharedFile;
import dev.p2pshare.protocol.FileId;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of a download whose every chunk verified: the part file, forced to disk, becomes the
 * file, moved into the folder under a free name in one atomic step, shared, and no longer served
 * as a part.
 */
final class Completion {

    private static final Logger log = LoggerFactory.getLogger(Completion.class);

    private Completion() {
    }

    /**
     * Places the file {@code complete} holds under {@code name} and shares it.
     *
     * @param done the swarm that filled it, closed; what it fetched and from whom
     * @param bytesAtStart what was on disk already when this attempt began
     */
    static DownloadResult place(DownloadContext context, FileId id, String name, PartFile complete, Swarm done,
            Duration elapsed, long bytesAtStart) throws IOException {
        Path finished = complete.finish();
        Path placed = Placement.moveInto(context.state().folder(), name, finished);
        context.publish().accept(SharedFile.at(context.state().folder(), placed, complete.manifest()));
        context.partials().remove(complete);
        complete.forget();
        Map<String, Long> contributions = done.contributions();
        log.info("downloaded {} ({} bytes) in {} ms: fetched {} bytes ({} more discarded) from {}{}",
                placed.getFileName(), complete.manifest().size(), elapsed.toMillis(), done.fetchedBytes(),
                done.wastedBytes(), contributions,
                bytesAtStart > 0 ? ", " + bytesAtStart + " bytes were here from before" : "");
        return new DownloadResult(placed, id, complete.manifest().size(), elapsed,
                new ArrayList<>(contributions.keySet()), false, done.fetchedBytes(), bytesAtStart);
    }
}
