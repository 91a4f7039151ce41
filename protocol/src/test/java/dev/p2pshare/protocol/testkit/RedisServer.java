package dev.p2pshare.protocol.testkit;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.SocketFactory;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Assumptions;

/**
 * A real {@code redis-server} of a test's own: on a free loopback port, with a random password, no
 * persistence, and its output in {@link #log()}. A test that calls {@link #start()} on a machine
 * without redis-server is aborted (skipped, saying so), as the other tests that need a tool are.
 *
 * <p>The process can be paused, resumed, killed and restarted empty on the same port, for tests of
 * what a client does when its Redis stalls or loses its data. Not thread-safe: one test drives it.
 * {@link #close()} stops the process; the caller closes every server it starts.
 */
public final class RedisServer implements AutoCloseable {

    /** How long a started server may take to answer PING, and a stopped one to exit. */
    private static final Duration PROCESS_WAIT = Duration.ofSeconds(10);
    private static final Duration REPLY_WAIT = Duration.ofSeconds(5);
    private static final int LOG_TAIL_LINES = 40;

    private final Path executable;
    private final Path dir;
    private final boolean ownsDir;
    private final int port;
    private final String password;
    private final Optional<RedisCertificates> certificates;
    private final SocketFactory sockets;
    private Process process;
    private boolean paused;

    private RedisServer(Path executable, Path dir, boolean ownsDir, Optional<RedisCertificates> certificates)
            throws IOException {
        this.executable = executable;
        this.dir = dir;
        this.ownsDir = ownsDir;
        this.port = freeLoopbackPort();
        this.password = randomPassword();
        this.certificates = certificates;
        this.sockets = certificates.isPresent() ? certificates.get().clientContext().getSocketFactory()
                : SocketFactory.getDefault();
    }

    /**
     * Starts a plain-text server whose files live in a temporary directory that {@link #close()}
     * deletes, and returns once it answers an authenticated PING.
     */
    public static RedisServer start() throws IOException {
        Path executable = installed();
        return launched(new RedisServer(executable, Files.createTempDirectory("redis-server-"), true, Optional.empty()));
    }

    /**
     * Starts a server that speaks only TLS, with a certificate for {@code 127.0.0.1} signed by a
     * fresh CA ({@link #caCertificate()}); client certificates are not asked for. Its files (keys,
     * certificates, log) go to a new directory inside {@code dir}, which the caller owns and deletes.
     */
    public static RedisServer startWithTls(Path dir) throws IOException {
        Path executable = installed();
        Path own = Files.createTempDirectory(dir, "redis-server-");
        return launched(new RedisServer(executable, own, false, Optional.of(RedisCertificates.write(own))));
    }

    /** The port it listens on, plain text or TLS, the same across {@link #restartEmpty()}. */
    public int port() {
        return port;
    }

    /** The password {@code AUTH} wants: 32 hex digits. */
    public String password() {
        return password;
    }

    /** {@code redis://127.0.0.1:PORT}, or {@code rediss://…} for TLS; without the password. */
    public String uri() {
        return (certificates.isPresent() ? "rediss" : "redis") + "://127.0.0.1:" + port;
    }

    /** The PEM file of the CA that signed a TLS server's certificate. */
    public Path caCertificate() {
        return certificates.orElseThrow(() -> new IllegalStateException("this server does not speak TLS"))
                .caCertificate();
    }

    /** The process id of the running redis-server. */
    public long pid() {
        return running().pid();
    }

    /** The server's standard output and error, appended to by every restart. */
    public Path log() {
        return dir.resolve("redis.log");
    }

    /**
     * Sends {@code args} as one command on a new authenticated connection and returns the reply's
     * exact bytes as text: {@code "+PONG\r\n"}, {@code ":0\r\n"}, {@code "$-1\r\n"} for nil.
     */
    public String command(String... args) throws IOException {
        try (RespConnection connection = connect(REPLY_WAIT)) {
            authenticate(connection);
            return connection.command(args);
        }
    }

    /** Stops the process with SIGSTOP: connections are accepted by the kernel but nothing answers. */
    public void pause() throws IOException, InterruptedException {
        signal("STOP");
        paused = true;
    }

    /** Continues a paused process with SIGCONT; it then answers what it was sent meanwhile. */
    public void resume() throws IOException, InterruptedException {
        signal("CONT");
        paused = false;
    }

    /**
     * Kills the process with SIGKILL and starts a new one on the same port with the same password,
     * holding no keys; returns once it answers.
     */
    public void restartEmpty() throws IOException, InterruptedException {
        Process old = running();
        old.destroyForcibly();
        awaitExit(old);
        paused = false;
        launch();
    }

    /** Stops the process with SIGTERM (SIGKILL if it lingers) and waits for it to exit; does nothing if it has. */
    public void stop() throws IOException, InterruptedException {
        if (process == null || !process.isAlive()) {
            return;
        }
        if (paused) {
            // A stopped process keeps SIGTERM pending until it runs again.
            resume();
        }
        process.destroy();
        if (!process.waitFor(PROCESS_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            awaitExit(process);
        }
    }

    /** Stops the process and, for {@link #start()}'s server, deletes its directory. */
    @Override
    public void close() throws IOException, InterruptedException {
        stop();
        if (ownsDir) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    /** A new connection that has not authenticated, for tests of what the server refuses. */
    RespConnection connect(Duration readTimeout) throws IOException {
        return RespConnection.open(sockets, port, readTimeout);
    }

    private static Path installed() {
        Optional<Path> executable = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(directory -> !directory.isEmpty())
                .map(directory -> Path.of(directory, "redis-server"))
                .filter(Files::isExecutable)
                .findFirst();
        Assumptions.assumeTrue(executable.isPresent(),
                "redis-server is not installed here (package redis-server); the tests that need it are skipped");
        return executable.get();
    }

    private static RedisServer launched(RedisServer server) throws IOException {
        try {
            server.launch();
            return server;
        } catch (IOException | RuntimeException e) {
            server.closeAfter(e);
            throw e;
        }
    }

    private void launch() throws IOException {
        List<String> command = new ArrayList<>(List.of(executable.toString(), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no", "--requirepass", password, "--dir", dir.toString(), "--protected-mode", "yes"));
        if (certificates.isPresent()) {
            RedisCertificates files = certificates.get();
            command.addAll(List.of("--port", "0", "--tls-port", Integer.toString(port),
                    "--tls-cert-file", files.serverCertificate().toString(),
                    "--tls-key-file", files.serverKey().toString(),
                    "--tls-ca-cert-file", files.caCertificate().toString(),
                    "--tls-auth-clients", "no"));
        } else {
            command.addAll(List.of("--port", Integer.toString(port)));
        }
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(Redirect.appendTo(log().toFile()))
                .start();
        process.getOutputStream().close();
        awaitReady();
    }

    private void awaitReady() throws IOException {
        try {
            await().atMost(PROCESS_WAIT).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                    .until(() -> !process.isAlive() || answersPing());
        } catch (ConditionTimeoutException e) {
            throw new IOException("redis-server did not answer PING on port " + port + " within " + PROCESS_WAIT
                    + "; its log ends:\n" + logTail(), e);
        }
        if (!process.isAlive()) {
            throw new IOException("redis-server exited with status " + process.exitValue() + " before answering on port "
                    + port + "; its log ends:\n" + logTail());
        }
    }

    private boolean answersPing() throws IOException {
        return command("PING").equals("+PONG\r\n");
    }

    private void authenticate(RespConnection connection) throws IOException {
        String reply = connection.command("AUTH", password);
        if (!reply.equals("+OK\r\n")) {
            throw new IOException("redis-server refused the password: " + reply.strip());
        }
    }

    private void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid())).redirectErrorStream(true).start();
        if (!kill.waitFor(PROCESS_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
            kill.destroyForcibly();
            throw new IOException("kill -" + name + " did not finish within " + PROCESS_WAIT);
        }
        if (kill.exitValue() != 0) {
            throw new IOException("kill -" + name + " " + pid() + " failed: "
                    + new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip());
        }
    }

    private Process running() {
        if (process == null || !process.isAlive()) {
            throw new IllegalStateException("redis-server on port " + port + " is not running");
        }
        return process;
    }

    private static void awaitExit(Process process) throws IOException, InterruptedException {
        if (!process.waitFor(PROCESS_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IOException("redis-server " + process.pid() + " did not exit within " + PROCESS_WAIT);
        }
    }

    /** Stops a server that failed to start, keeping {@code failure} as the reason the caller sees. */
    private void closeAfter(Exception failure) {
        try {
            close();
        } catch (IOException | InterruptedException | RuntimeException e) {
            failure.addSuppressed(e);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log(), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + log() + ": " + e + ")";
        }
    }

    private static String randomPassword() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
