package dev.p2pshare.peer.cli;

import dev.p2pshare.peer.BackgroundDownloads;
import dev.p2pshare.peer.PeerException;
import dev.p2pshare.peer.transfer.Cancellation;
import dev.p2pshare.peer.transfer.DownloadException;
import dev.p2pshare.peer.transfer.DownloadResult;
import dev.p2pshare.peer.transfer.DownloadTarget;
import dev.p2pshare.peer.view.DownloadDoneView;
import dev.p2pshare.peer.view.DownloadStartedView;
import dev.p2pshare.protocol.FileId;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jline.terminal.Terminal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code get TARGET [--as NAME]}: download a file into the shared folder. */
@Command(name = "get",
        description = {"Download a file into the shared folder, verifying every chunk, and share it.",
            "TARGET is #N (or N) from the last search, an id prefix of 6 or more hex digits, or the file's"
                    + " exact name when only one file has it. Every peer that has the file, or part of it,"
                    + " is fetched from at once. The file never replaces one already in the folder: a taken"
                    + " name gets a number, 'name (1).ext'. At the prompt, 'get' returns at once and the download"
                    + " runs in the background, its bar below the prompt: 'status' shows it and 'cancel' stops it"
                    + " (what has arrived is kept, and 'get' again resumes it, as does starting the peer again)."
                    + " In a script, 'get' waits until the file is complete."})
final class GetCommand implements Callable<Integer> {

    private final ShellContext context;

    @Parameters(arity = "1..*", paramLabel = "TARGET", description = "Which file (spaces in names need no quotes).")
    private List<String> target;

    @Option(names = "--as", paramLabel = "NAME", description = "Save under this name instead of the shared one.")
    private String saveAs;

    GetCommand(ShellContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws IOException, PeerException {
        PrintWriter out = context.out();
        DownloadTarget picked;
        try {
            picked = context.peer().fetching().resolve(String.join(" ", target), context.lastHits());
        } catch (DownloadException e) {
            throw new PeerException(e.getMessage() + whatToDo(e.remedy()), e);
        }
        Optional<BackgroundDownloads> background = context.background();
        if (background.isPresent()) {
            return startInBackground(picked, background.get(), out);
        }
        DownloadResult result;
        try {
            result = context.peer().fetching().download(picked, Optional.ofNullable(saveAs),
                    new ProgressLog(context.err()), new Cancellation());
        } catch (DownloadException e) {
            throw new PeerException(e.getMessage() + whatToDo(e.remedy()), e);
        }
        DownloadDoneView done = DownloadDoneView.of(result);
        context.result(done);
        out.println(summary(done, picked.name(), context.style()));
        out.flush();
        return 0;
    }

    /**
     * The line that tells how a download of {@code name} ended: where the file is, its size, time,
     * rate and sources, and what a resumed download found already there.
     */
    static String summary(DownloadDoneView done, String name, TextStyle style) {
        if (done.alreadyShared()) {
            return "you already share " + name + " (" + done.file() + ")";
        }
        return style.success("got " + Path.of(done.file()).getFileName()) + "  " + Units.bytes(done.size())
                + "  in " + Units.duration(Duration.ofMillis(Math.round(done.seconds() * 1000)))
                + "  " + Units.rate(done.bytesPerSecond())
                + "  from " + (done.sources().isEmpty() ? "no one" : String.join(", ", done.sources()))
                + (done.resumedBytes() > 0 ? "  (resumed: " + Units.bytes(done.resumedBytes())
                        + " were here, fetched " + Units.bytes(done.fetchedBytes()) + ")" : "");
    }

    /** The line that tells how a background download ended: done, paused, or failed and why. */
    static String ended(BackgroundDownloads.Ending ending, TextStyle style) {
        String name = ending.download().name();
        if (ending.result().isPresent()) {
            return summary(DownloadDoneView.of(ending.result().get()), name, style);
        }
        return ending.paused() ? "paused " + name + ": what has arrived is kept; 'get' it again to resume"
                : style.error("could not get " + name + ": " + ending.failure().orElse("it failed")
                        + whatToDo(ending.remedy()));
    }

    /** What to do after a failed download, in the shell's words; empty if nothing. */
    static String whatToDo(DownloadException.Remedy remedy) {
        return switch (remedy) {
            case NONE -> "";
            case GET_AGAIN -> "; run 'get' again to resume it";
            case FREE_SPACE_THEN_GET_AGAIN -> "; free some space, then run 'get' again to resume it";
            case FREE_SPACE_THEN_GET -> "; free some space, then run 'get' again";
            case SEARCH_FIRST -> "; run 'search' first";
            case CHOOSE_ANOTHER_NAME -> "; choose another with --as NAME";
        };
    }

    private int startInBackground(DownloadTarget picked, BackgroundDownloads background, PrintWriter out)
            throws PeerException {
        ProgressBoard board = context.board().orElseThrow();
        int width = context.terminal().map(Terminal::getWidth).filter(columns -> columns > 0).orElse(80);
        FileId id = picked.located().file().id();
        boolean started = background.start(picked, Optional.ofNullable(saveAs),
                new ProgressDisplay(board, context.style(), width, () -> background.sourcesOf(id)),
                ending -> context.notices().accept(ended(ending, context.style())));
        if (!started) {
            throw new PeerException(picked.name() + " is being downloaded already; 'status' shows how far it got");
        }
        context.result(new DownloadStartedView(picked.located().file().id().hex(), picked.name()));
        out.println("getting " + picked.name() + " in the background: 'status' shows it, 'cancel' stops it");
        out.flush();
        return 0;
    }
}
