package dev.p2pshare.peer.cli;

import dev.p2pshare.peer.reference.Reference;
import dev.p2pshare.peer.view.PeerListView;
import dev.p2pshare.protocol.transport.Endpoint;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code peers}: who is online. */
@Command(name = "peers", description = "List the peers online now, as the tracker knows them.")
final class PeersCommand implements Callable<Integer> {

    private final ShellContext context;

    PeersCommand(ShellContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = context.out();
        PeerListView list = PeerListView.of(context.peer().messaging().peers(), context.peer().id());
        context.result(list);
        Table table = new Table("NAME", "ID", "ADDRESS", ">FILES");
        for (PeerListView.OnlinePeer peer : list.peers()) {
            table.row(peer.name() + (peer.you() ? " (you)" : ""), Reference.shortId(peer.id()),
                    new Endpoint(peer.host(), peer.port()), peer.files());
        }
        table.print(out, context.style());
        out.println(list.peers().size() + (list.peers().size() == 1 ? " peer online" : " peers online")
                + (list.truncated() ? " (more are online than the tracker lists at once)" : ""));
        out.flush();
        return 0;
    }
}
