package dev.p2pshare.bench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A {@code redis-server} of the bench's own, from the PATH: on a free port of 127.0.0.1, keeping
 * nothing on disk, with a random password that is also written to a secret file only its owner
 * reads, as a tracker's {@code --cluster-secret} wants it. Closing it stops the process.
 *
 * @param secretFile the file whose one line is the password
 */
record RunningRedis(ChildProcess process, int port, String password, Path secretFile) implements AutoCloseable {

    /** The Debian package that brings redis-server, named when it is missing. */
    static final String PACKAGE = "redis-server";

    private static final Duration STARTUP = Duration.ofSeconds(30);

    /** redis-server on the PATH, if there is one. */
    static Optional<Path> executable() {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(directory -> !directory.isEmpty())
                .map(directory -> Path.of(directory, "redis-server"))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /**
     * Starts redis-server with its secret file in {@code folder} and its output in {@code logs},
     * and returns once it answers an authenticated {@code PING}.
     *
     * @throws IOException if redis-server is not on the PATH (saying which package brings it), or
     *     does not start
     */
    static RunningRedis start(Path folder, Path logs) throws IOException {
        Path executable = executable().orElseThrow(() -> new IOException("redis-server is not on the PATH: install "
                + "Debian's package " + PACKAGE + " (apt-get install " + PACKAGE + ")"));
        int port = FreePorts.pick(1).get(0);
        String password = randomPassword();
        Path secret = writeSecret(Files.createDirectories(folder).resolve("redis-secret"), password);
        List<String> command = List.of(executable.toString(), "--bind", "127.0.0.1", "--port", String.valueOf(port),
                "--save", "", "--appendonly", "no", "--requirepass", password, "--dir", folder.toString());
        ChildProcess process = ChildProcess.start("redis-server", command, folder, logs);
        try {
            process.awaitLine(line -> line.contains("Ready to accept connections"), STARTUP);
            RunningRedis redis = new RunningRedis(process, port, password, secret);
            try (RedisConnection connection = redis.connect()) {
                String pong = connection.command("PING");
                if (!pong.equals("PONG")) {
                    throw new IOException("redis-server answered PING with " + pong);
                }
            }
            return redis;
        } catch (IOException | RuntimeException e) {
            process.close();
            throw e;
        }
    }

    /** Where a tracker reaches it: {@code redis://127.0.0.1:PORT}, without the password. */
    String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** The fields of {@code INFO section}: {@code stats}, {@code memory}. */
    RedisInfo info(String section) throws IOException {
        try (RedisConnection connection = connect()) {
            return RedisInfo.parse(connection.command("INFO", section));
        }
    }

    /** A new authenticated connection; the caller closes it. */
    RedisConnection connect() throws IOException {
        return RedisConnection.open(port, password);
    }

    @Override
    public void close() {
        process.close();
    }

    /** Writes {@code password} to {@code file}, made anew readable and writable by its owner only. */
    private static Path writeSecret(Path file, String password) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        return Files.writeString(file, password + "\n", StandardCharsets.UTF_8);
    }

    private static String randomPassword() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
