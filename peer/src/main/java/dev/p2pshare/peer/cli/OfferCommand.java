package dev.p2pshare.peer.cli;

import dev.p2pshare.peer.PeerException;
import dev.p2pshare.peer.view.OfferView;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code offer FILE}: tell every peer online about a file this peer shares. */
@Command(name = "offer",
        description = {"Tell every other peer online about a file this peer shares, with the 'get' that fetches it."})
final class OfferCommand implements Callable<Integer> {

    private final ShellContext context;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "The file's name, or the first 6 or more digits of"
            + " its id, as 'files' shows them (spaces in names need no quotes).")
    private List<String> words;

    OfferCommand(ShellContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws IOException, PeerException {
        String file = String.join(" ", words);
        int reached = context.peer().messaging().offer(file);
        OfferView offered = new OfferView(file, reached);
        context.result(offered);
        context.out().println(offered.reached() == 0 ? "offered, but no other peer is online to see it"
                : "offered to " + offered.reached() + (offered.reached() == 1 ? " peer" : " peers"));
        context.out().flush();
        return 0;
    }
}
