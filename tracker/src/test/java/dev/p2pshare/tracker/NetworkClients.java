package dev.p2pshare.tracker;

import dev.p2pshare.protocol.tls.NodeIdentity;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The clients one test connects to a {@link TrackerNetwork}, the n-th (from 0) to the instance
 * {@link TrackerNetwork#port(int)} gives for n. {@link #close()} closes every client, then the
 * network. Not thread-safe: one test drives it.
 */
final class NetworkClients implements AutoCloseable {

    private final TrackerNetwork network;
    private final List<TrackerClient> clients = new ArrayList<>();

    NetworkClients(TrackerNetwork network) {
        this.network = Objects.requireNonNull(network, "network");
    }

    /** Connects the next client as a new node; it says nothing yet. */
    TrackerClient connect() throws IOException {
        return connect(NodeIdentity.generate("tracker-test"));
    }

    /** Connects the next client as {@code identity}; it says nothing yet. */
    TrackerClient connect(NodeIdentity identity) throws IOException {
        TrackerClient client = TrackerClient.connect(network.port(clients.size()), identity);
        clients.add(client);
        return client;
    }

    @Override
    public void close() throws IOException {
        try {
            for (TrackerClient client : clients) {
                client.close();
            }
        } finally {
            network.close();
        }
    }
}
