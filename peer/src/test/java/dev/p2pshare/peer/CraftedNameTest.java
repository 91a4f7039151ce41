package dev.p2pshare.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.p2pshare.peer.net.Located;
import dev.p2pshare.peer.net.TrackerAddress;
import dev.p2pshare.peer.transfer.Cancellation;
import dev.p2pshare.peer.transfer.DownloadException;
import dev.p2pshare.peer.transfer.DownloadListener;
import dev.p2pshare.peer.transfer.DownloadTarget;
import dev.p2pshare.protocol.FileEntry;
import dev.p2pshare.protocol.FileId;
import dev.p2pshare.protocol.FrameReader;
import dev.p2pshare.protocol.FrameWriter;
import dev.p2pshare.protocol.Message;
import dev.p2pshare.protocol.NodeId;
import dev.p2pshare.protocol.Release;
import dev.p2pshare.protocol.tls.NodeIdentity;
import dev.p2pshare.protocol.tls.TlsLayer;
import dev.p2pshare.protocol.transport.ConnectionServer;
import dev.p2pshare.protocol.transport.Endpoint;
import dev.p2pshare.protocol.transport.Transport;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tracker that answers with crafted file names, to prove that no name from the network can make
 * a download write outside the peer's folder.
 */
@Timeout(60)
class CraftedNameTest {

    private static final String ID = "46720e88f936d133da42bc02170ddd268966d986f7f76115dc08751e33a78ecb";
    private static final String ESCAPING_NAME = "../../escaped.txt";

    @TempDir
    Path temp;

    private ConnectionServer tracker;
    private Peer peer;
    private Path folder;

    @BeforeEach
    void startPeerAgainstACraftedTracker() throws Exception {
        tracker = ConnectionServer.start("crafted", Transport.tls(new TlsLayer(NodeIdentity.generate("crafted"))), InetAddress.getLoopbackAddress(), 0, 16,
                this::answerWithCraftedNames, failure -> { });
        folder = Files.createDirectories(temp.resolve("deep/inside/shared"));
        peer = Peer.start(new PeerConfig(folder,
                List.of(new TrackerAddress(new Endpoint("127.0.0.1", tracker.port()), Optional.empty())), 0, "victim",
                Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofSeconds(30), 0, 0, true), bytes -> { });
    }

    @AfterEach
    void stop() {
        peer.close();
        tracker.close();
    }

    private void answerWithCraftedNames(Socket socket) {
        try {
            FrameReader reader = new FrameReader(socket.getInputStream());
            FrameWriter writer = new FrameWriter(socket.getOutputStream());
            while (true) {
                Message request = reader.next().message();
                if (request instanceof Message.Hello) {
                    writer.send(new Message.Welcome(Message.VERSION, Release.agent()));
                } else if (request instanceof Message.Register) {
                    writer.send(new Message.Registered(NodeId.of("c".repeat(64)), "127.0.0.1", 30));
                } else if (request instanceof Message.CheckPeer check) {
                    writer.send(new Message.PeerCheck(check.id(), true, false));
                } else if (request instanceof Message.Locate) {
                    sendRaw(socket.getOutputStream(), "{\"type\":\"locate-result\",\"file\":{\"id\":\"" + ID
                            + "\",\"name\":\"" + ESCAPING_NAME + "\",\"size\":6},\"sources\":[{\"id\":\"" + "d".repeat(64)
                            + "\",\"name\":\"evil\",\"host\":\"127.0.0.1\",\"port\":1,\"files\":1}]}");
                } else if (request instanceof Message.Search) {
                    sendRaw(socket.getOutputStream(), "{\"type\":\"search-result\",\"hits\":[{\"id\":\"" + ID
                            + "\",\"name\":\"" + ESCAPING_NAME + "\",\"size\":6,\"sources\":1,\"partialSources\":0}],"
                            + "\"truncated\":false}");
                } else {
                    writer.send(new Message.Ok());
                }
            }
        } catch (IOException e) {
            // The peer hangs up after a crafted answer, which ends this conversation as intended.
            return;
        }
    }

    private static void sendRaw(OutputStream out, String json) throws IOException {
        byte[] header = json.getBytes(StandardCharsets.UTF_8);
        out.write(ByteBuffer.allocate(8).putInt(header.length).putInt(0).array());
        out.write(header);
        out.flush();
    }

    private void assertNothingEscaped() throws IOException {
        assertThat(temp.resolve("deep/escaped.txt")).doesNotExist();
        assertThat(temp.resolve("deep/inside/escaped.txt")).doesNotExist();
        try (Stream<Path> everything = Files.walk(temp)) {
            assertThat(everything.filter(path -> path.getFileName().toString().contains("escaped"))).isEmpty();
        }
    }

    @Test
    void locateAnswerWithATraversalNameIsRefused() throws Exception {
        assertThatThrownBy(() -> peer.fetching().resolve(ID.substring(0, 8), List.of()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("a file name cannot contain '/'");
        assertNothingEscaped();
    }

    @Test
    void searchAnswerWithATraversalNameIsRefused() throws Exception {
        assertThatThrownBy(() -> peer.fetching().search("escaped"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("a file name cannot contain '/'");
        assertNothingEscaped();
    }

    @Test
    void saveAsNameWithATraversalIsRefusedBeforeAnythingIsFetched() throws Exception {
        Located honest = new Located(new FileEntry(FileId.of(ID), "notes.txt", 6), List.of());
        for (String name : List.of(ESCAPING_NAME, "/tmp/escaped.txt", "..", "a\\..\\escaped.txt", "escaped\u0000.txt",
                ".escaped-and-hidden")) {
            DownloadTarget target = new DownloadTarget(honest, "notes.txt");
            assertThatThrownBy(() -> peer.fetching().download(target, Optional.of(name), DownloadListener.NONE, new Cancellation()))
                    .isInstanceOfSatisfying(DownloadException.class, failure -> assertThat(failure.remedy())
                            .isEqualTo(DownloadException.Remedy.CHOOSE_ANOTHER_NAME))
                    .hasMessageStartingWith("cannot save as");
        }
        assertNothingEscaped();
    }
}
