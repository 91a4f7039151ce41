package dev.p2pshare.bench;

import dev.p2pshare.protocol.tls.NodeIdentity;
import dev.p2pshare.protocol.tls.TlsLayer;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The two programs of the TLS copy ceiling, each run in a JVM of its own by {@link TlsCopy}, for
 * {@code PASSES} copies in a row:
 * <ul>
 *   <li>{@code send FILE PASSES}: prints {@code listening on 127.0.0.1:PORT}, then accepts
 *       connections one after another, and writes the file to each in 1 MiB pieces over TLS as
 *       p2pshare sets it up;
 *   <li>{@code receive PORT TARGET SIZE PASSES}: prints {@code ready}; then, for each {@code go}
 *       line on standard input, connects, reads {@code SIZE} bytes into {@code TARGET} (replacing
 *       it) in 1 MiB pieces, and prints {@code received SIZE bytes}. With {@value #DISCARD} for
 *       {@code TARGET}, the bytes are read and dropped: the ceiling of TLS alone.
 * </ul>
 * No protocol and no hashing: only the TLS record layer, the sockets and the file.
 */
final class TlsCopyEnds {

    private static final int PIECE = 1 << 20;

    /** The target that drops what it receives. */
    static final String DISCARD = "--discard";

    private TlsCopyEnds() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 3 && args[0].equals("send")) {
            send(Path.of(args[1]), Integer.parseInt(args[2]));
        } else if (args.length == 5 && args[0].equals("receive")) {
            Optional<Path> target = args[2].equals(DISCARD) ? Optional.empty() : Optional.of(Path.of(args[2]));
            receive(Integer.parseInt(args[1]), target, Long.parseLong(args[3]), Integer.parseInt(args[4]));
        } else {
            System.err.println("usage: TlsCopyEnds send FILE PASSES | receive PORT (TARGET|" + DISCARD + ") SIZE PASSES");
            System.exit(2);
        }
    }

    private static void send(Path file, int passes) throws IOException {
        TlsLayer tls = new TlsLayer(NodeIdentity.generate("tls-copy-sender"));
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            System.out.println("listening on 127.0.0.1:" + server.getLocalPort());
            System.out.flush();
            for (int pass = 0; pass < passes; pass++) {
                try (Socket connection = tls.acceptOver(server.accept())) {
                    sendOnce(file, connection);
                }
            }
        }
    }

    private static void sendOnce(Path file, Socket connection) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            OutputStream out = connection.getOutputStream();
            byte[] piece = new byte[PIECE];
            ByteBuffer buffer = ByteBuffer.wrap(piece);
            while (true) {
                buffer.clear();
                int read = channel.read(buffer);
                if (read < 0) {
                    break;
                }
                out.write(piece, 0, read);
            }
            out.flush();
            // The receiver closes once it has every byte; closing first could cut the last records.
            if (connection.getInputStream().read() != -1) {
                throw new IOException("the receiver sent bytes; it should only read");
            }
        }
    }

    private static void receive(int port, Optional<Path> target, long size, int passes) throws IOException {
        TlsLayer tls = new TlsLayer(NodeIdentity.generate("tls-copy-receiver"));
        System.out.println("ready");
        System.out.flush();
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (int pass = 0; pass < passes; pass++) {
            if (!"go".equals(commands.readLine())) {
                throw new IOException("expected 'go' on standard input");
            }
            Socket plain = new Socket();
            plain.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            try (Socket connection = tls.connectOver(plain, "the sender", Optional.empty())) {
                receiveOnce(connection, target, size);
            }
            System.out.println("received " + size + " bytes");
            System.out.flush();
        }
    }

    private static void receiveOnce(Socket connection, Optional<Path> target, long size) throws IOException {
        try (FileChannel channel = target.isEmpty() ? null : FileChannel.open(target.get(), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            InputStream in = connection.getInputStream();
            byte[] piece = new byte[PIECE];
            long done = 0;
            while (done < size) {
                int wanted = (int) Math.min(PIECE, size - done);
                int read = in.readNBytes(piece, 0, wanted);
                if (read < wanted) {
                    throw new EOFException("the sender closed after " + (done + read) + " of " + size + " bytes");
                }
                ByteBuffer buffer = ByteBuffer.wrap(piece, 0, read);
                while (channel != null && buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                done += read;
            }
        }
    }
}
