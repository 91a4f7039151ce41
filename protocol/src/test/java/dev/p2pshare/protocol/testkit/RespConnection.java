package dev.p2pshare.protocol.testkit;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.SocketFactory;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * One client connection to a Redis server, speaking RESP just enough for tests: a command goes out
 * as an array of bulk strings, and its reply comes back as the exact bytes the server sent
 * ({@code "+PONG\r\n"}, {@code "$-1\r\n"}, {@code ":0\r\n"}, a whole {@code INFO} bulk string),
 * decoded as UTF-8. Not thread-safe; the caller closes it.
 */
final class RespConnection implements AutoCloseable {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final byte[] CRLF = {'\r', '\n'};

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RespConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /**
     * Connects to {@code 127.0.0.1:port} with sockets from {@code sockets} (plain or TLS, where the
     * server's certificate must name {@code 127.0.0.1}), waiting at most {@code readTimeout} for each reply.
     */
    static RespConnection open(SocketFactory sockets, int port, Duration readTimeout) throws IOException {
        Socket socket = sockets.createSocket();
        try {
            if (socket instanceof SSLSocket tls) {
                SSLParameters parameters = tls.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                tls.setSSLParameters(parameters);
            }
            socket.connect(new InetSocketAddress("127.0.0.1", port), Math.toIntExact(CONNECT_TIMEOUT.toMillis()));
            socket.setSoTimeout(Math.toIntExact(readTimeout.toMillis()));
            return new RespConnection(socket);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** Sends a command and returns its reply. */
    String command(String... args) throws IOException {
        send(args);
        return reply();
    }

    /** Sends a command without reading its reply; {@link #reply()} reads it later. */
    void send(String... args) throws IOException {
        if (args.length == 0) {
            throw new IllegalArgumentException("a command needs at least its name");
        }
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (String arg : args) {
            byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
            request.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            request.writeBytes(bytes);
            request.writeBytes(CRLF);
        }
        out.write(request.toByteArray());
        out.flush();
    }

    /**
     * Reads the next whole reply. A {@link java.net.SocketTimeoutException} before the reply's first
     * byte leaves the connection usable: the reply can still be read once it arrives.
     */
    String reply() throws IOException {
        ByteArrayOutputStream reply = new ByteArrayOutputStream();
        readValue(reply);
        return reply.toString(StandardCharsets.UTF_8);
    }

    /** Changes how long {@link #reply()} waits. */
    void readTimeout(Duration timeout) throws SocketException {
        socket.setSoTimeout(Math.toIntExact(timeout.toMillis()));
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private void readValue(ByteArrayOutputStream reply) throws IOException {
        String line = readLine(reply);
        if (line.isEmpty()) {
            throw new IOException("an empty RESP line");
        }
        switch (line.charAt(0)) {
            case '+', '-', ':' -> {
                // A simple string, an error or an integer: the line is the whole value.
            }
            case '$' -> {
                int length = parseLength(line);
                if (length >= 0) {
                    reply.writeBytes(readExactly(length + CRLF.length));
                }
            }
            case '*' -> {
                int count = parseLength(line);
                for (int i = 0; i < count; i++) {
                    readValue(reply);
                }
            }
            default -> throw new IOException("not a RESP reply: " + line);
        }
    }

    /** Reads one line, copying it with its CRLF into {@code reply}; returns it without the CRLF. */
    private String readLine(ByteArrayOutputStream reply) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int previous = -1;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("the server closed the connection after " + line.size() + " bytes of a line");
            }
            line.write(b);
            if (previous == '\r' && b == '\n') {
                byte[] bytes = line.toByteArray();
                reply.writeBytes(bytes);
                return new String(bytes, 0, bytes.length - CRLF.length, StandardCharsets.UTF_8);
            }
            previous = b;
        }
    }

    private byte[] readExactly(int length) throws IOException {
        byte[] bytes = in.readNBytes(length);
        if (bytes.length < length) {
            throw new EOFException("the server closed the connection " + (length - bytes.length) + " bytes short");
        }
        return bytes;
    }

    private static int parseLength(String line) throws IOException {
        try {
            return Integer.parseInt(line.substring(1));
        } catch (NumberFormatException e) {
            throw new IOException("not a RESP length: " + line, e);
        }
    }
}
