package dev.p2pshare.protocol;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.SocketException;

/**
 * A connection's output stream whose every failure is the connection's: thrown as a
 * {@link SocketException}, with the original as its cause, however the runtime words it (over TLS
 * a peer that went away shows as a plain {@code IOException: Broken pipe}). See {@link FrameWriter}.
 */
final class ConnectionOutput extends FilterOutputStream {

    ConnectionOutput(OutputStream connection) {
        super(connection);
    }

    /** {@code failure}, of writing to the connection, as the {@link SocketException} it is. */
    static SocketException failure(IOException failure) {
        if (failure instanceof SocketException socketFailure) {
            return socketFailure;
        }
        SocketException connectionFailure = new SocketException(failure.getMessage());
        connectionFailure.initCause(failure);
        return connectionFailure;
    }

    @Override
    public void write(int b) throws IOException {
        try {
            out.write(b);
        } catch (IOException e) {
            throw failure(e);
        }
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        try {
            out.write(bytes, offset, length);
        } catch (IOException e) {
            throw failure(e);
        }
    }

    @Override
    public void flush() throws IOException {
        try {
            out.flush();
        } catch (IOException e) {
            throw failure(e);
        }
    }
}
