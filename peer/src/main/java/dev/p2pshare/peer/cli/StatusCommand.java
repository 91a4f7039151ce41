package dev.p2pshare.peer.cli;

import dev.p2pshare.peer.reference.Reference;
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
        StatusView status = StatusView.of(context.peer().diagnostics().status());
        StatusView.Tracker tracker = status.tracker();
        context.result(status);
        out.println("peer       " + status.name()
                + (status.peerId() == null ? "" : " (" + Reference.shortId(status.peerId()) + ")")
                + ", serving on " + status.serving());
        out.println("folder     " + Printable.escape(status.folder()) + ": " + status.sharedFiles()
                + (status.sharedFiles() == 1 ? " file, " : " files, ") + Units.bytes(status.sharedBytes()));
        out.println("tracker    " + tracker.address() + ": " + (tracker.connected()
                ? "connected" + (tracker.seenAs() == null ? "" : ", seen as " + tracker.seenAs())
                        + (tracker.since() == null ? ""
                                : ", for " + Units.duration(Duration.between(tracker.since(), Instant.now())))
                : "not connected, retrying" + (tracker.lastError() == null ? "" : " (" + tracker.lastError() + ")")));
        out.println("uploads    " + status.uploads().connections() + " connections now; "
                + Units.bytes(status.uploads().bytes()) + " served in " + status.uploads().chunks() + " chunks");
        printDownloads(out, status.downloads(), context.style());
        for (StatusView.Ban ban : status.bans()) {
            out.println("banned     " + ban.name() + " (" + Reference.shortId(ban.peerId()) + "): " + ban.reason());
        }
        out.flush();
        return 0;
    }

    private static void printDownloads(PrintWriter out, List<StatusView.Download> downloads, TextStyle style) {
        // Counted in the order a download goes through its states.
        Map<DownloadSnapshot.State, Long> counts = downloads.stream()
                .collect(Collectors.groupingBy(StatusCommand::state, () -> new EnumMap<>(DownloadSnapshot.State.class),
                        Collectors.counting()));
        out.println("downloads  " + (downloads.isEmpty() ? "none yet" : counts.entrySet().stream()
                .map(entry -> entry.getValue() + " " + entry.getKey().name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "))));
        if (downloads.isEmpty()) {
            return;
        }
        Table table = new Table("  STATE", ">DONE", ">SIZE", ">SOURCES", "NAME");
        for (StatusView.Download download : downloads) {
            DownloadSnapshot.State state = state(download);
            boolean sized = download.size() >= 0;
            String done = !sized ? "-" : download.size() == 0 ? "100%"
                    : (download.bytesHave() * 100 / download.size()) + "%";
            boolean quiet = state == DownloadSnapshot.State.DONE || state == DownloadSnapshot.State.RUNNING;
            // Only a download under way has sources; for the others a count of 0 would read as a problem.
            boolean fetching = state == DownloadSnapshot.State.RUNNING || state == DownloadSnapshot.State.STARTING;
            table.row("  " + download.state(), done, sized ? Units.bytes(download.size()) : "?",
                    fetching ? download.sources() : "-", download.name() + (quiet ? "" : "  (" + download.detail() + ")"));
        }
        table.print(out, style);
    }

    private static DownloadSnapshot.State state(StatusView.Download download) {
        return DownloadSnapshot.State.valueOf(download.state().toUpperCase(Locale.ROOT));
    }
}
