package dev.p2pshare.bench;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The ceiling: the same bytes moved over plain loopback TCP connections straight into files, with
 * no protocol, no hashing and no tracker, in this benchmark's own process. Each downloader takes
 * an equal share of the file from every seeder at once; seeders send with {@code sendfile}.
 */
final class PlainCopy implements Contender {

    private static final int BUFFER_BYTES = 1 << 20;

    private final Workspace workspace;
    private final Path data;
    private final Scenario scenario;

    PlainCopy(Workspace workspace, Path data, Scenario scenario) {
        this.workspace = workspace;
        this.data = data;
        this.scenario = scenario;
    }

    @Override
    public String label() {
        return "plain TCP copy: no protocol, no hashing";
    }

    @Override
    public Measurement run(String run) throws IOException {
        long size = Files.size(data);
        ExecutorService threads = Executors.newCachedThreadPool();
        List<ServerSocketChannel> seeders = new ArrayList<>();
        try {
            for (int i = 0; i < scenario.seeders(); i++) {
                ServerSocketChannel server = ServerSocketChannel.open()
                        .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                seeders.add(server);
                threads.execute(() -> serve(server, threads));
            }
            List<Path> targets = new ArrayList<>();
            for (int i = 1; i <= scenario.downloaders(); i++) {
                targets.add(workspace.emptyFolder("plain/downloader-" + i).resolve(Workspace.FILE_NAME));
            }
            Workspace.warm(data);

            long startNanos = System.nanoTime();
            List<Future<?>> copies = new ArrayList<>();
            for (Path target : targets) {
                Files.createFile(target);
                for (int s = 0; s < seeders.size(); s++) {
                    long from = size * s / seeders.size();
                    long to = size * (s + 1) / seeders.size();
                    InetSocketAddress address = (InetSocketAddress) seeders.get(s).getLocalAddress();
                    copies.add(threads.submit(() -> fetch(address, target, from, to - from)));
                }
            }
            for (Future<?> copy : copies) {
                copy.get();
            }
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            for (Path target : targets) {
                Workspace.requireSameBytes(data, target);
                Workspace.empty(target.getParent());
            }
            return new Measurement(seconds);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IOException("a plain copy failed: " + e.getCause(), e.getCause());
        } finally {
            for (ServerSocketChannel server : seeders) {
                server.close();
            }
            threads.shutdownNow();
        }
    }

    /** Accepts connections until closed; each asks for a range as two longs (offset, length). */
    private void serve(ServerSocketChannel server, ExecutorService threads) {
        while (server.isOpen()) {
            SocketChannel connection;
            try {
                connection = server.accept();
            } catch (IOException closed) {
                return;
            }
            threads.execute(() -> send(connection));
        }
    }

    private void send(SocketChannel connection) {
        try (connection; FileChannel file = FileChannel.open(data, StandardOpenOption.READ)) {
            ByteBuffer request = ByteBuffer.allocate(16);
            while (request.hasRemaining()) {
                if (connection.read(request) < 0) {
                    throw new EOFException("the downloader closed before asking for a range");
                }
            }
            long position = request.getLong(0);
            long end = position + request.getLong(8);
            while (position < end) {
                position += file.transferTo(position, end - position, connection);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Void fetch(InetSocketAddress seeder, Path target, long position, long length) throws IOException {
        try (SocketChannel connection = SocketChannel.open(seeder);
             FileChannel file = FileChannel.open(target, StandardOpenOption.WRITE)) {
            ByteBuffer request = ByteBuffer.allocate(16).putLong(position).putLong(length).flip();
            while (request.hasRemaining()) {
                connection.write(request);
            }
            // FileChannel.transferFrom copies from a socket 8 KiB at a time; 1 MiB reads cost less.
            ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES);
            long done = 0;
            while (done < length) {
                buffer.clear().limit((int) Math.min(BUFFER_BYTES, length - done));
                if (connection.read(buffer) < 0) {
                    throw new EOFException("the seeder closed after " + done + " of " + length + " bytes");
                }
                buffer.flip();
                while (buffer.hasRemaining()) {
                    done += file.write(buffer, position + done);
                }
            }
            return null;
        }
    }
}
