package dev.p2pshare.peer;

import dev.p2pshare.peer.folder.SharedFile;
import dev.p2pshare.peer.folder.SharedFiles;
import dev.p2pshare.peer.net.SearchResults;
import dev.p2pshare.peer.net.TrackerLink;
import dev.p2pshare.peer.transfer.Cancellation;
import dev.p2pshare.peer.transfer.DownloadException;
import dev.p2pshare.peer.transfer.DownloadJob;
import dev.p2pshare.peer.transfer.DownloadListener;
import dev.p2pshare.peer.transfer.DownloadResult;
import dev.p2pshare.peer.transfer.DownloadTarget;
import dev.p2pshare.peer.transfer.Downloads;
import dev.p2pshare.peer.transfer.TargetResolver;
import dev.p2pshare.protocol.FailureReason;
import dev.p2pshare.protocol.FileNames;
import dev.p2pshare.protocol.SearchHit;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Finding files on the network and fetching them: search, naming one file, and downloading it,
 * waiting for it or in the background. Thread-safe.
 */
public final class Fetching {

    /**
     * How many hits a search shows: more than a person reads. (Finding a file by its exact name
     * asks for the protocol's maximum instead, so that a common name is not missed.)
     */
    public static final int SEARCH_LIMIT = 100;

    private final TrackerLink link;
    private final SharedFiles files;
    private final Downloads downloads;
    private final TargetResolver resolver;
    private final BackgroundDownloads background;

    Fetching(TrackerLink link, SharedFiles files, Downloads downloads) {
        this.link = link;
        this.files = files;
        this.downloads = downloads;
        this.resolver = new TargetResolver(link);
        this.background = new BackgroundDownloads(this::download, downloads::snapshots);
    }

    /** The downloads running in the background, whoever started them. */
    public BackgroundDownloads background() {
        return background;
    }

    /** Files on the network whose names contain every word of {@code query}. */
    public SearchResults search(String query) throws IOException {
        return link.search(query, SEARCH_LIMIT);
    }

    /**
     * The file {@code target} names (see {@link TargetResolver}), with its sources.
     *
     * @throws DownloadException if it names none, or several; its remedy for the front end to word
     */
    public DownloadTarget resolve(String target, List<SearchHit> lastHits) throws IOException, DownloadException {
        return resolver.resolve(target, lastHits);
    }

    /**
     * Downloads a resolved file into the folder, under {@code saveAs} or else the name it was
     * picked by, and shares it; joins the download of the same file if one is running. Waits for
     * it to end; cancelling pauses it.
     *
     * @throws DownloadException if the name cannot be used, or the download was paused or gave up
     *     (what it fetched is kept for the next try); its remedy says what can be done
     */
    public DownloadResult download(DownloadTarget target, Optional<String> saveAs, DownloadListener listener,
            Cancellation cancellation) throws DownloadException {
        String name = saveAs.orElse(target.name());
        Optional<String> badName = FileNames.problem(name);
        if (badName.isPresent()) {
            throw new DownloadException("cannot save as '" + name + "': " + badName.get(),
                    DownloadException.Remedy.CHOOSE_ANOTHER_NAME);
        }
        if (name.startsWith(".")) {
            // A hidden file would be saved, shared now, and forgotten at the next start.
            throw new DownloadException("cannot save as '" + name + "': names starting with '.' are hidden and never"
                    + " shared", DownloadException.Remedy.CHOOSE_ANOTHER_NAME);
        }
        Optional<SharedFile> have = files.get(target.located().file().id());
        if (have.isPresent()) {
            return new DownloadResult(have.get().path(), have.get().id(), have.get().size(), Duration.ZERO, List.of(),
                    true, 0, have.get().size());
        }
        DownloadJob job;
        try {
            job = downloads.start(target.located().file().id(), name);
        } catch (IOException e) {
            throw new DownloadException("cannot start the download of '" + name + "': " + FailureReason.withFile(e), e);
        }
        return job.await(listener, cancellation);
    }
}
