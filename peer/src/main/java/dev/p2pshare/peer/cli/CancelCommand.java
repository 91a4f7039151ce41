package dev.p2pshare.peer.cli;

import dev.p2pshare.peer.BackgroundDownloads;
import dev.p2pshare.peer.PeerException;
import dev.p2pshare.peer.reference.Reference;
import dev.p2pshare.peer.view.CancelledView;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code cancel TARGET}: stop a download running in the background. */
@Command(name = "cancel",
        description = {"Stop a download that 'get' started in the background. What has arrived is kept, and 'get'"
                + " of the same file resumes it. TARGET is the file's name or an id prefix of 6 or more hex digits,"
                + " as 'status' shows them."})
final class CancelCommand implements Callable<Integer> {

    private final ShellContext context;

    @Parameters(arity = "1..*", paramLabel = "TARGET", description = "Which download (spaces in names need no quotes).")
    private List<String> target;

    CancelCommand(ShellContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws PeerException {
        PrintWriter out = context.out();
        String wanted = String.join(" ", target);
        BackgroundDownloads.Running download = context.peer().fetching().background().cancel(wanted);
        CancelledView cancelled = new CancelledView(download.id().hex(), download.name());
        context.result(cancelled);
        out.println("stopping " + cancelled.name() + " (" + Reference.shortId(cancelled.cancelled()) + ")");
        out.flush();
        return 0;
    }
}
