package dev.p2pshare.peer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace of its own for one test (Linux, as root): only a loopback interface, with
 * multicast on and the multicast range routed to it, so that processes started in it see each
 * other's multicast DNS and nothing else's. Deleted at {@link #close}.
 */
final class NetworkNamespace implements AutoCloseable {

    private final String name;

    private NetworkNamespace(String name) {
        this.name = name;
    }

    /**
     * Makes one.
     *
     * @throws IOException saying why none can be made here: not Linux, not root, or {@code ip} failed
     */
    static NetworkNamespace create() throws IOException, InterruptedException {
        if (!System.getProperty("os.name").startsWith("Linux")) {
            throw new IOException("network namespaces are Linux's, and this is " + System.getProperty("os.name"));
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new IOException("making a network namespace takes root, and the tests run as "
                    + System.getProperty("user.name"));
        }
        String name = "p2pshare-test-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        run("ip", "netns", "add", name);
        NetworkNamespace namespace = new NetworkNamespace(name);
        try {
            namespace.exec("ip", "link", "set", "lo", "up");
            namespace.exec("ip", "link", "set", "lo", "multicast", "on");
            namespace.exec("ip", "route", "add", "224.0.0.0/4", "dev", "lo");
        } catch (IOException e) {
            namespace.close();
            throw e;
        }
        return namespace;
    }

    /** The command that runs another inside the namespace, to put before it. */
    String[] launcher() {
        return new String[] {"ip", "netns", "exec", name};
    }

    private void exec(String... command) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(List.of(launcher()));
        all.addAll(List.of(command));
        run(all.toArray(String[]::new));
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("cannot run '" + String.join(" ", command) + "': " + e.getMessage(), e);
        }
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("'" + String.join(" ", command) + "' did not end within 10 s");
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (process.exitValue() != 0) {
            throw new IOException("'" + String.join(" ", command) + "' failed (" + process.exitValue() + "): " + output);
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run("ip", "netns", "delete", name);
    }
}
