package dev.p2pshare.peer.cli;

import dev.p2pshare.peer.PeerException;
import dev.p2pshare.peer.transfer.Cancellation;
import dev.p2pshare.peer.transfer.DownloadListener;
import dev.p2pshare.peer.transfer.DownloadResult;
import dev.p2pshare.peer.transfer.DownloadTarget;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
                    + " name gets a number, 'name (1).ext'. Ctrl-C pauses the download; 'get' again resumes it,"
                    + " as does starting the peer again."})
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
        DownloadTarget picked = context.peer().resolve(String.join(" ", target), context.lastHits());
        Cancellation cancellation = new Cancellation();
        Optional<Terminal> terminal = context.terminal();
        DownloadListener listener = terminal.<DownloadListener>map(t -> new ProgressDisplay(t, context.style()))
                .orElseGet(() -> new ProgressLog(context.err()));
        Terminal.SignalHandler previous = terminal.map(t -> t.handle(Terminal.Signal.INT, signal -> cancellation.cancel()))
                .orElse(null);
        DownloadResult result;
        try {
            result = context.peer().download(picked, Optional.ofNullable(saveAs), listener, cancellation);
        } finally {
            terminal.ifPresent(t -> t.handle(Terminal.Signal.INT, previous));
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("id", result.id().hex());
        fields.put("file", result.file().toString());
        fields.put("alreadyShared", result.alreadyShared());
        if (!result.alreadyShared()) {
            fields.put("size", result.size());
            fields.put("seconds", result.elapsed().toMillis() / 1000.0);
            fields.put("bytesPerSecond", Math.round(result.bytesPerSecond()));
            fields.put("sources", result.sources());
            fields.put("resumedBytes", result.bytesBefore());
        }
        context.result(fields);
        if (result.alreadyShared()) {
            out.println("you already share " + picked.name() + " (" + result.file() + ")");
        } else {
            out.println(context.style().success("got " + result.file().getFileName()) + "  " + Units.bytes(result.size())
                    + "  in " + Units.duration(result.elapsed()) + "  " + Units.rate(result.bytesPerSecond())
                    + "  from " + (result.sources().isEmpty() ? "no one" : String.join(", ", result.sources()))
                    + (result.bytesBefore() > 0 ? "  (resumed: " + Units.bytes(result.bytesBefore())
                            + " were here, fetched " + Units.bytes(result.fetchedBytes()) + ")" : ""));
        }
        out.flush();
        return 0;
    }
}
