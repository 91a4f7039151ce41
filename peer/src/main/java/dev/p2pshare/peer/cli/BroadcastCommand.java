package dev.p2pshare.peer.cli;

import dev.p2pshare.peer.PeerException;
import dev.p2pshare.peer.view.BroadcastView;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code broadcast TEXT…}: a text to every peer online. */
@Command(name = "broadcast", description = "Send a text to every other peer online now.")
final class BroadcastCommand implements Callable<Integer> {

    private final ShellContext context;

    @Parameters(arity = "1..*", paramLabel = "TEXT", description = "What to say; no quotes needed.")
    private List<String> words;

    BroadcastCommand(ShellContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws IOException, PeerException {
        String text = String.join(" ", words);
        int reached = context.peer().messaging().broadcast(text);
        BroadcastView sent = new BroadcastView(text, reached);
        context.result(sent);
        context.out().println(sent.reached() == 0 ? "sent, but no other peer is online to read it"
                : "sent to " + sent.reached() + (sent.reached() == 1 ? " peer" : " peers"));
        context.out().flush();
        return 0;
    }
}
