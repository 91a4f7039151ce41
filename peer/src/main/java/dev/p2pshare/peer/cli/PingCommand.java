package dev.p2pshare.peer.cli;

import dev.p2pshare.peer.PeerException;
import dev.p2pshare.peer.reference.Reference;
import dev.p2pshare.peer.view.PingView;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ping PEER}: the round trip to a peer. */
@Command(name = "ping",
        description = {"Connect to an online peer, as a download would, and time pings on that connection.",
            "The peer must prove the id the tracker lists for it."})
final class PingCommand implements Callable<Integer> {

    private final ShellContext context;

    @Parameters(paramLabel = "PEER", description = "The peer's name, or the first 6 or more digits of its id.")
    private String peer;

    @Option(names = {"-c", "--count"}, paramLabel = "N", defaultValue = "3",
            description = "How many pings (default: ${DEFAULT-VALUE}).")
    private int count;

    PingCommand(ShellContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws IOException, PeerException {
        if (count < 1 || count > 100) {
            throw new PeerException("--count is 1 to 100, not " + count);
        }
        PingView pinged = PingView.of(context.peer().diagnostics().ping(peer, count));
        context.result(pinged);
        PrintWriter out = context.out();
        out.printf("pong from %s (%s) at %s: round trip %s ms (connecting took %s ms)%n", pinged.peer(),
                Reference.shortId(pinged.peerId()), pinged.address(),
                pinged.roundTripMillis().stream().map(trip -> String.format("%.2f", trip))
                        .collect(Collectors.joining(", ")),
                String.format("%.1f", pinged.connectMillis()));
        out.flush();
        return 0;
    }
}
