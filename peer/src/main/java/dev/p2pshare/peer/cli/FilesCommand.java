package dev.p2pshare.peer.cli;

import dev.p2pshare.peer.folder.SharedFile;
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
        List<SharedFile> files = context.peer().files();
        context.result(SharedFilesView.counted(files.stream().map(SharedFileView::of).toList()));
        if (files.isEmpty()) {
            out.println("no files shared yet: put files in " + Printable.escape(context.peer().status().folder())
                    + ", or use 'share PATH'");
            out.flush();
            return 0;
        }
        Table table = new Table("ID", ">SIZE", "NAME");
        long total = 0;
        for (SharedFile file : files) {
            boolean nested = !file.relativePath().equals(file.name());
            table.row(file.id().shortHex(), Units.bytes(file.size()),
                    nested ? file.name() + "  (" + Printable.escape(file.relativePath()) + ")" : file.name());
            total += file.size();
        }
        table.print(out, context.style());
        out.println(files.size() + (files.size() == 1 ? " file, " : " files, ") + Units.bytes(total));
        out.flush();
        return 0;
    }
}
