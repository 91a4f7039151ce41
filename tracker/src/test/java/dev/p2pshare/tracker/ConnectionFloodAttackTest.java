package dev.p2pshare.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.p2pshare.protocol.Message;
import dev.p2pshare.protocol.tls.NodeIdentity;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One host opening connections and never speaking: past its share of connections it is turned
 * away at once, while a peer on another address registers and is served.
 */
@Timeout(60)
class ConnectionFloodAttackTest {

    private static final int PER_ADDRESS = 8;

    private Tracker tracker;
    private final List<Socket> flood = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        tracker = Tracker.start(new TrackerConfig(InetAddress.getByName("0.0.0.0"), 0, Duration.ofSeconds(30),
                Duration.ofSeconds(1), Clock.systemUTC(), NodeIdentity.generate("tracker"), AllowList.everyone(),
                PER_ADDRESS));
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket socket : flood) {
            socket.close();
        }
        tracker.close();
    }

    @Test
    void floodFromOneAddressIsCappedAndOtherAddressesAreServed() throws IOException {
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), tracker.port());
        for (int i = 0; i < PER_ADDRESS; i++) {
            Socket silent = new Socket();
            silent.connect(address, 5_000);
            flood.add(silent);
        }

        try (Socket oneTooMany = new Socket()) {
            oneTooMany.connect(address, 5_000);
            oneTooMany.setSoTimeout(10_000);
            assertThat(oneTooMany.getInputStream().read()).as("closed at once, before any handshake").isEqualTo(-1);
        }

        // 127.0.0.2 is this machine too, but another address as far as the limit goes.
        try (TrackerClient honest = TrackerClient.connectFrom(InetAddress.getByName("127.0.0.2"), tracker.port())) {
            honest.hello();
            honest.register("honest", 7001);
            assertThat(honest.request(new Message.ListPeers(), Message.PeerList.class).peers()).hasSize(1);
        }
    }
}
