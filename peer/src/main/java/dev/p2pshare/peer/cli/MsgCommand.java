package dev.p2pshare.peer.cli;

import dev.p2pshare.peer.PeerException;
import dev.p2pshare.peer.reference.Reference;
import dev.p2pshare.peer.view.SentView;
import dev.p2pshare.protocol.PeerEntry;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code msg PEER TEXT…}: a text to one peer. */
@Command(name = "msg",
        description = {"Send a text to one online peer, named as 'peers' shows it or by the first digits of its id.",
            "It shows there with this peer's name and id, which the tracker checked: no one can send as another."})
final class MsgCommand implements Callable<Integer> {

    private final ShellContext context;

    @Parameters(index = "0", paramLabel = "PEER", description = "The peer's name, or the first 6 or more digits of its id.")
    private String peer;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "TEXT", description = "What to say; no quotes needed.")
    private List<String> words;

    MsgCommand(ShellContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws IOException, PeerException {
        String text = String.join(" ", words);
        PeerEntry recipient = context.peer().messaging().sendText(peer, text);
        SentView sent = new SentView(recipient.name(), recipient.id().hex(), text);
        context.result(sent);
        context.out().println("sent to " + sent.to() + " (" + Reference.shortId(sent.toId()) + ")");
        context.out().flush();
        return 0;
    }
}
