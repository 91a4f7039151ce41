package dev.p2pshare.peer.cli;

import dev.p2pshare.peer.PeerException;
import dev.p2pshare.peer.folder.SharedFile;
import dev.p2pshare.peer.reference.Reference;
import dev.p2pshare.peer.view.ShareView;
import dev.p2pshare.protocol.Printable;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code share PATH}: copy a file into the folder and share it. */
@Command(name = "share",
        description = "Copy a file from elsewhere into the shared folder and share it. "
                + "A name already taken in the folder gets a number: 'notes (1).txt'.")
final class ShareCommand implements Callable<Integer> {

    private final ShellContext context;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "The file to share (spaces need no quotes).")
    private List<String> path;

    ShareCommand(ShellContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws IOException, PeerException {
        PrintWriter out = context.out();
        Path source = Path.of(expandHome(String.join(" ", path)));
        int before = context.peer().sharing().files().size();
        SharedFile shared = context.peer().sharing().share(source);
        boolean added = context.peer().sharing().files().size() > before;
        ShareView view = new ShareView(added, shared.id().hex(), null, shared.relativePath(), shared.size());
        context.result(view);
        out.println((view.added() ? "shared " : "already shared: ") + Printable.escape(view.path()) + "  "
                + Units.bytes(view.size()) + "  id " + Reference.shortId(view.id()));
        out.flush();
        return 0;
    }

    private static String expandHome(String text) {
        return text.equals("~") || text.startsWith("~/") ? System.getProperty("user.home") + text.substring(1) : text;
    }
}
