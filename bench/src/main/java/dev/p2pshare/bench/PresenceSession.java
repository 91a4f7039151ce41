package dev.p2pshare.bench;

import dev.p2pshare.protocol.ErrorCode;
import dev.p2pshare.protocol.Message;
import dev.p2pshare.protocol.ProtocolException;
import dev.p2pshare.protocol.tls.NodeIdentity;
import dev.p2pshare.protocol.tls.TlsLayer;
import dev.p2pshare.protocol.transport.Answers;
import dev.p2pshare.protocol.transport.ClientConversation;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One simulated peer that watches presence: its own identity and TLS connection, registered with
 * no files and subscribed with presence and summaries. It reads the notices the tracker pushes
 * whenever it waits for an answer, and counts them by kind. One request at a time; its methods
 * may be called from any thread.
 */
final class PresenceSession implements Closeable {

    /** The notices a session has read, by kind. */
    record Notices(long joined, long left, long summaries, long texts) {
        long total() {
            return joined + left + summaries + texts;
        }
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final ClientConversation conversation;
    private final String name;
    private long joined;
    private long left;
    private long summaries;
    private long texts;

    private PresenceSession(ClientConversation conversation, String name) {
        this.conversation = conversation;
        this.name = name;
    }

    /** Connects from {@code from} to the tracker at {@code tracker} as a new node and says hello; registers nothing yet. */
    static PresenceSession open(InetAddress from, InetSocketAddress tracker, String name) throws IOException {
        // The identity is made before connecting: the tracker gives a handshake only so long.
        TlsLayer tls = new TlsLayer(NodeIdentity.generate(name));
        Socket plain = new Socket();
        ClientConversation conversation;
        try {
            plain.bind(new InetSocketAddress(from, 0));
            plain.connect(tracker, (int) TIMEOUT.toMillis());
            plain.setSoTimeout((int) TIMEOUT.toMillis());
            conversation = ClientConversation.over(tls.connectOver(plain, "the tracker", Optional.empty()));
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
        PresenceSession session = new PresenceSession(conversation, name);
        try {
            conversation.handshake("p2pshare-bench", (theirs, ours) -> new ProtocolException(
                    ErrorCode.UNSUPPORTED_VERSION, "the tracker speaks protocol version " + theirs + ", the bench " + ours));
            return session;
        } catch (IOException | RuntimeException e) {
            session.close();
            throw e;
        }
    }

    /** Registers and subscribes with presence and summaries, as the reference peer does. */
    synchronized void join() throws IOException {
        request(new Message.Register(name, 7000, List.of()), Message.Registered.class);
        request(new Message.Subscribe(true, true), Message.Ok.class);
    }

    /** Sends a heartbeat, reading every notice that came before its answer. */
    synchronized void heartbeat() throws IOException {
        request(new Message.Heartbeat(), Message.Ok.class);
    }

    /** Broadcasts {@code text}; returns how many peers the tracker queued it for. */
    synchronized int broadcast(String text) throws IOException {
        return request(new Message.BroadcastText(text), Message.Relayed.class).peers();
    }

    /** How many peers the tracker lists, and whether it lists them all. */
    synchronized Message.PeerList listPeers() throws IOException {
        return request(new Message.ListPeers(), Message.PeerList.class);
    }

    /** The notices read so far. */
    synchronized Notices notices() {
        return new Notices(joined, left, summaries, texts);
    }

    /** Ends the connection at once, as a peer that is killed does; from any thread. */
    void abort() throws IOException {
        conversation.abort();
    }

    private <T extends Message> T request(Message request, Class<T> type) throws IOException {
        conversation.writer().send(request);
        while (true) {
            Message next = conversation.reader().next().message();
            if (!(next instanceof Message.Notice)) {
                return Answers.expect(next, type);
            }
            count(next);
        }
    }

    private void count(Message notice) {
        if (notice instanceof Message.PeerJoined) {
            joined++;
        } else if (notice instanceof Message.PeerLeft) {
            left++;
        } else if (notice instanceof Message.PresenceChanged) {
            summaries++;
        } else {
            texts++;
        }
    }

    @Override
    public void close() throws IOException {
        conversation.close();
    }
}
