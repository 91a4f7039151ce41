package dev.p2pshare.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.p2pshare.protocol.FileEntry;
import dev.p2pshare.protocol.FileId;
import dev.p2pshare.protocol.FrameReader;
import dev.p2pshare.protocol.FrameWriter;
import dev.p2pshare.protocol.Limits;
import dev.p2pshare.protocol.Message;
import dev.p2pshare.protocol.PeerEntry;
import dev.p2pshare.protocol.SearchHit;
import dev.p2pshare.protocol.tls.NodeIdentity;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Two thousand peers online at once on one tracker, each on its own open connection. */
@Timeout(120)
class ManySessionsTest {

    private static final int SESSIONS = 2_000;
    private static final FileEntry COMMON = new FileEntry(FileId.of("7".repeat(64)), "common ground.txt", 42);

    @Test
    void twoThousandOpenSessionsAreListedAndCountedUntilTheyClose() throws IOException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        try (Tracker tracker = Tracker.start(new TrackerConfig(loopback, 0, Duration.ofMinutes(10),
                Duration.ofSeconds(1), Clock.systemUTC(), NodeIdentity.generate("tracker"),
                AllowList.everyone(), SESSIONS + 1))) {
            List<Socket> sessions = new ArrayList<>(SESSIONS);
            try {
                for (int n = 0; n < SESSIONS; n++) {
                    sessions.add(openSession(new InetSocketAddress(loopback, tracker.port()), name(n)));
                }
                assertThat(tracker.peerCount()).isEqualTo(SESSIONS);

                try (TrackerClient observer = TrackerClient.connect(tracker.port())) {
                    observer.hello();

                    Message.PeerList list = observer.request(new Message.ListPeers(), Message.PeerList.class);
                    assertThat(list.truncated()).isTrue();
                    assertThat(list.peers()).extracting(PeerEntry::name)
                            .containsExactlyElementsOf(IntStream.range(0, Limits.MAX_PEERS_LISTED)
                                    .mapToObj(ManySessionsTest::name).toList());

                    assertThat(observer.request(new Message.Search("common", 10))).isEqualTo(new Message.SearchResult(
                            List.of(new SearchHit(COMMON.id(), COMMON.name(), COMMON.size(), SESSIONS, 0)), false));
                }
            } finally {
                for (Socket session : sessions) {
                    session.close();
                }
            }

            await().atMost(Duration.ofSeconds(60)).until(() -> tracker.peerCount() == 0);
            assertThat(tracker.fileCount()).isZero();
        }
    }

    /**
     * A connection that has said hello and registered as {@code name} with the common file. Both
     * requests leave in one write; the socket is all that is kept, so that thousands stay cheap.
     */
    private static Socket openSession(InetSocketAddress tracker, String name) throws IOException {
        Socket socket = TrackerClient.transport(NodeIdentity.generate(name)).connect(tracker);
        try {
            ByteArrayOutputStream requests = new ByteArrayOutputStream();
            FrameWriter writer = new FrameWriter(requests);
            writer.write(new Message.Hello(Message.VERSION, "many-sessions"));
            writer.write(new Message.Register(name, 7000, List.of(COMMON)));
            writer.flush();
            socket.getOutputStream().write(requests.toByteArray());

            FrameReader reader = new FrameReader(socket.getInputStream());
            assertThat(reader.next().message()).isInstanceOf(Message.Welcome.class);
            assertThat(reader.next().message()).isInstanceOf(Message.Registered.class);
            return socket;
        } catch (IOException | RuntimeException | AssertionError e) {
            socket.close();
            throw e;
        }
    }

    /** Peer names sort as they are numbered. */
    private static String name(int n) {
        return String.format("peer-%04d", n);
    }
}
