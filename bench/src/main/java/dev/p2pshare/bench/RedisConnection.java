package dev.p2pshare.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One plain-text connection to a Redis server on this machine, speaking just enough RESP for the
 * bench: a command goes out as an array of bulk strings, and a reply that is one value (a simple
 * string, an integer or a bulk string) comes back as its text. Not thread-safe; the caller closes it.
 */
final class RedisConnection implements AutoCloseable {

    private static final int TIMEOUT_MILLIS = 5_000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RedisConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /**
     * Connects to {@code 127.0.0.1:port} and authenticates with {@code password}; the connect and
     * every reply are waited for {@value #TIMEOUT_MILLIS} ms at most.
     *
     * @throws IOException if the server cannot be reached or refuses the password
     */
    static RedisConnection open(int port, String password) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            RedisConnection connection = new RedisConnection(socket);
            connection.command("AUTH", password);
            return connection;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * Sends a command and returns its reply's value: {@code PONG}, {@code 42}, or a bulk string's text.
     *
     * @throws IOException if the server answers with an error, a nil or an array, or not in RESP
     */
    String command(String... args) throws IOException {
        if (args.length == 0) {
            throw new IllegalArgumentException("a command needs at least its name");
        }
        out.write(request(args));
        out.flush();
        String line = readLine();
        if (line.isEmpty()) {
            throw new IOException("an empty RESP line in the answer to " + args[0]);
        }
        return switch (line.charAt(0)) {
            case '+', ':' -> line.substring(1);
            case '-' -> throw new IOException("redis-server refused " + args[0] + ": " + line.substring(1));
            case '$' -> bulk(line, args[0]);
            default -> throw new IOException("redis-server answered " + args[0] + " with an unexpected reply: " + line);
        };
    }

    /** A command as RESP: {@code *2\r\n$4\r\nINFO\r\n$5\r\nstats\r\n}. */
    static byte[] request(String... args) {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (String arg : args) {
            byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
            request.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            request.writeBytes(bytes);
            request.writeBytes(new byte[] {'\r', '\n'});
        }
        return request.toByteArray();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private String bulk(String header, String command) throws IOException {
        int length;
        try {
            length = Integer.parseInt(header.substring(1));
        } catch (NumberFormatException e) {
            throw new IOException("not a RESP length: " + header, e);
        }
        if (length < 0) {
            throw new IOException("redis-server answered " + command + " with nil");
        }
        byte[] value = in.readNBytes(length + 2);
        if (value.length < length + 2) {
            throw new EOFException("redis-server closed the connection " + (length + 2 - value.length)
                    + " bytes short of its answer to " + command);
        }
        return new String(value, 0, length, StandardCharsets.UTF_8);
    }

    /** Reads one line and returns it without its CRLF. */
    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int previous = -1;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("redis-server closed the connection after " + line.size() + " bytes of a line");
            }
            if (previous == '\r' && b == '\n') {
                byte[] bytes = line.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
            }
            line.write(b);
            previous = b;
        }
    }
}
