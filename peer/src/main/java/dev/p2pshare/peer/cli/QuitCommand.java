package dev.p2pshare.peer.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code quit}: leave the shell; the peer unregisters and stops. */
@Command(name = "quit", aliases = "exit", description = "Unregister from the tracker and stop this peer.")
final class QuitCommand implements Callable<Integer> {

    private final ShellContext context;

    QuitCommand(ShellContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        context.requestQuit();
        context.result(Map.of());
        return 0;
    }
}
