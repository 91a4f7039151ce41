package dev.p2pshare.peer.cli;

import dev.p2pshare.peer.reference.Reference;
import dev.p2pshare.peer.view.SharedFileView;
import dev.p2pshare.peer.view.SharedFilesView;
import dev.p2pshare.protocol.Printable;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code files}: what this peer shares. */
@Command(name = "files", description = "List the files this peer shares.")
final class FilesCommand implements Callable<Integer> {

    private final ShellContext context;

    FilesCommand(ShellContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        PrintWriter out = context.out();
        SharedFilesView shared = SharedFilesView.counted(
                context.peer().sharing().files().stream().map(SharedFileView::of).toList());
        context.result(shared);
        List<SharedFileView> files = shared.files();
        if (files.isEmpty()) {
            out.println("no files shared yet: put files in " + Printable.escape(context.peer().config().folder())
                    + ", or use 'share PATH'");
            out.flush();
            return 0;
        }
        Table table = new Table("ID", ">SIZE", "NAME");
        for (SharedFileView file : files) {
            boolean nested = !file.path().equals(file.name());
            table.row(Reference.shortId(file.id()), Units.bytes(file.size()),
                    nested ? file.name() + "  (" + Printable.escape(file.path()) + ")" : file.name());
        }
        table.print(out, context.style());
        out.println(files.size() + (files.size() == 1 ? " file, " : " files, ") + Units.bytes(shared.bytes()));
        out.flush();
        return 0;
    }
}
