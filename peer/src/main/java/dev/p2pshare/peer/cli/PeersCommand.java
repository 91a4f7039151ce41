package dev.p2pshare.peer.cli;

import dev.p2pshare.peer.view.PeerListView;
import dev.p2pshare.protocol.Message;
import dev.p2pshare.protocol.NodeId;
import dev.p2pshare.protocol.PeerEntry;
import dev.p2pshare.protocol.transport.Endpoint;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
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
        Message.PeerList list = context.peer().peers();
        Optional<NodeId> self = context.peer().status().tracker().peerId();
        context.result(PeerListView.of(list, context.peer().id()));
        Table table = new Table("NAME", "ID", "ADDRESS", ">FILES");
        for (PeerEntry peer : list.peers()) {
            boolean you = self.isPresent() && self.get().equals(peer.id());
            table.row(peer.name() + (you ? " (you)" : ""), peer.id().shortHex(),
                    new Endpoint(peer.host(), peer.port()), peer.files());
        }
        table.print(out, context.style());
        out.println(list.peers().size() + (list.peers().size() == 1 ? " peer online" : " peers online")
                + (list.truncated() ? " (more are online than the tracker lists at once)" : ""));
        out.flush();
        return 0;
    }
}
