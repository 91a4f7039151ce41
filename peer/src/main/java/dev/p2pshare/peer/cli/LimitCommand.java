package dev.p2pshare.peer.cli;

import dev.p2pshare.peer.RateLimits;
import dev.p2pshare.peer.view.LimitsView;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code limit [up|down MIB]}: show or change the upload and download limits while the peer runs. */
@Command(name = "limit",
        description = {"Show how fast this peer may upload and download, in all; with 'up MIB' or 'down MIB', change"
                + " one, in MiB per second (decimals allowed, 0 for no limit). A change applies within a second to"
                + " transfers already running, and lasts until the peer stops (--upload-limit and --download-limit"
                + " set them at start)."})
final class LimitCommand implements Callable<Integer> {

    private final ShellContext context;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "up|down", description = "Which limit to change.")
    private String direction;

    @Parameters(index = "1", arity = "0..1", paramLabel = "MIB",
            description = "The new limit in MiB per second; 0 for no limit.")
    private Double mib;

    LimitCommand(ShellContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        RateLimits limits = context.peer().rateLimits();
        if (direction != null) {
            if (!direction.equals("up") && !direction.equals("down")) {
                throw usage("'limit' changes 'up' or 'down', not '" + direction + "'");
            }
            if (mib == null) {
                throw usage("'limit " + direction + "' needs the new limit in MiB per second, 0 for none");
            }
            long bytesPerSecond;
            try {
                bytesPerSecond = Units.mibPerSecond(mib);
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            }
            if (direction.equals("up")) {
                limits.limitUploads(bytesPerSecond);
            } else {
                limits.limitDownloads(bytesPerSecond);
            }
        }
        LimitsView view = LimitsView.of(limits);
        context.result(view);
        PrintWriter out = context.out();
        out.println("upload limit    " + Units.limit(view.uploadLimit()));
        out.println("download limit  " + Units.limit(view.downloadLimit()));
        out.flush();
        return 0;
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
