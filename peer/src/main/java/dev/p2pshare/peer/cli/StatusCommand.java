package dev.p2pshare.peer.cli;

import dev.p2pshare.peer.PeerStatus;
import dev.p2pshare.peer.net.TrackerLink;
import dev.p2pshare.peer.transfer.Bans;
import dev.p2pshare.peer.transfer.DownloadSnapshot;
import dev.p2pshare.peer.view.StatusView;
import dev.p2pshare.protocol.Printable;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
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
        PeerStatus status = context.peer().diagnostics().status();
        TrackerLink.Status tracker = status.tracker();
        context.result(StatusView.of(status));
        out.println("peer       " + status.name()
                + tracker.peerId().map(id -> " (" + id.shortHex() + ")").orElse("")
                + ", serving on " + status.serving());
        out.println("folder     " + Printable.escape(status.folder()) + ": " + status.sharedFiles()
                + (status.sharedFiles() == 1 ? " file, " : " files, ") + Units.bytes(status.sharedBytes()));
        out.println("tracker    " + tracker.tracker() + ": " + (tracker.connected()
                ? "connected" + tracker.host().map(host -> ", seen as " + host).orElse("")
                        + tracker.since().map(since -> ", for " + Units.duration(Duration.between(since, Instant.now())))
                                .orElse("")
                : "not connected, retrying" + tracker.lastError().map(error -> " (" + error + ")").orElse("")));
        out.println("uploads    " + status.uploads().activeConnections() + " connections now; "
                + Units.bytes(status.uploads().bytes()) + " served in " + status.uploads().chunks() + " chunks");
        printDownloads(out, status.downloads(), context.style());
        for (Bans.Ban ban : status.bans()) {
            out.println("banned     " + ban.name() + " (" + ban.peer().shortHex() + "): " + ban.reason());
        }
        out.flush();
        return 0;
    }

    private static void printDownloads(PrintWriter out, List<DownloadSnapshot> downloads, TextStyle style) {
        Map<DownloadSnapshot.State, Long> counts = downloads.stream()
                .collect(Collectors.groupingBy(DownloadSnapshot::state, () -> new EnumMap<>(DownloadSnapshot.State.class),
                        Collectors.counting()));
        out.println("downloads  " + (downloads.isEmpty() ? "none yet" : counts.entrySet().stream()
                .map(entry -> entry.getValue() + " " + entry.getKey().name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "))));
        if (downloads.isEmpty()) {
            return;
        }
        Table table = new Table("  STATE", ">DONE", ">SIZE", ">SOURCES", "NAME");
        for (DownloadSnapshot download : downloads) {
            boolean sized = download.size() >= 0;
            String done = !sized ? "-" : download.size() == 0 ? "100%"
                    : (download.bytesHave() * 100 / download.size()) + "%";
            boolean quiet = download.state() == DownloadSnapshot.State.DONE || download.state() == DownloadSnapshot.State.RUNNING;
            // Only a download under way has sources; for the others a count of 0 would read as a problem.
            boolean fetching = download.state() == DownloadSnapshot.State.RUNNING
                    || download.state() == DownloadSnapshot.State.STARTING;
            table.row("  " + download.state().name().toLowerCase(Locale.ROOT), done,
                    sized ? Units.bytes(download.size()) : "?", fetching ? download.sources() : "-",
                    download.name() + (quiet ? "" : "  (" + download.detail() + ")"));
        }
        table.print(out, style);
    }
}
