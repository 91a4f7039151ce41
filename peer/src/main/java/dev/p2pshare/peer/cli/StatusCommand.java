package dev.p2pshare.peer.cli;

import dev.p2pshare.peer.DownloadRecord;
import dev.p2pshare.peer.PeerStatus;
import dev.p2pshare.peer.net.TrackerLink;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code status}: this peer at a glance. */
@Command(name = "status", description = "Show this peer's state: tracker connection, sharing, uploads and downloads.")
final class StatusCommand implements Callable<Integer> {

    private final ShellContext context;

    StatusCommand(ShellContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        PrintWriter out = context.out();
        PeerStatus status = context.peer().status();
        TrackerLink.Status tracker = status.tracker();
        out.println("peer       " + status.name()
                + tracker.peerId().map(id -> " (" + id.shortHex() + ")").orElse("")
                + ", serving on " + status.serving());
        out.println("folder     " + status.folder() + ": " + status.sharedFiles()
                + (status.sharedFiles() == 1 ? " file, " : " files, ") + Units.bytes(status.sharedBytes()));
        out.println("tracker    " + tracker.tracker() + ": " + (tracker.connected()
                ? "connected" + tracker.host().map(host -> ", seen as " + host).orElse("")
                        + tracker.since().map(since -> ", for " + Units.duration(Duration.between(since, Instant.now())))
                                .orElse("")
                : "not connected, retrying" + tracker.lastError().map(error -> " (" + error + ")").orElse("")));
        out.println("uploads    " + status.uploads().activeConnections() + " connections now; "
                + Units.bytes(status.uploads().bytes()) + " served in " + status.uploads().chunks() + " chunks");
        long done = status.downloads().stream().filter(DownloadRecord::succeeded).count();
        out.println("downloads  " + done + " done, " + (status.downloads().size() - done) + " failed");
        for (DownloadRecord record : status.downloads()) {
            out.println("  " + (record.succeeded() ? "done    " : "failed  ") + record.name()
                    + (record.succeeded() ? "" : ": " + record.outcome()));
        }
        out.flush();
        return 0;
    }
}
