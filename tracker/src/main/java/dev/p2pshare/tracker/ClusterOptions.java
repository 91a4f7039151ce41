package dev.p2pshare.tracker;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The tracker's command-line options for running as one instance of several, sharing one network. */
final class ClusterOptions {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec spec;

    @Option(names = "--cluster", paramLabel = "URI",
            description = "Share one network with the other tracker instances that name the same Redis (or Valkey): "
                    + "redis://HOST:PORT, or rediss://HOST:PORT for TLS. Peers registered with any instance are listed, "
                    + "searched and reached on every one. Without it, the tracker runs on its own.")
    private String store;

    @Option(names = "--cluster-secret", paramLabel = "FILE",
            description = "Log in to the cluster's Redis with the password in FILE (one line), or the ACL user and "
                    + "password on its first two lines. Kept out of the command line, where anyone on the machine "
                    + "could read it.")
    private Path secret;

    @Option(names = "--cluster-ca", paramLabel = "FILE",
            description = "Trust the rediss:// server whose certificate the authority in this PEM file signed "
                    + "(default: the JVM's authorities).")
    private Path certificateAuthority;

    @Option(names = "--cluster-lease", paramLabel = "SECONDS",
            defaultValue = "10",
            description = "How long an instance's peers stay listed after it stops answering: once it runs out, "
                    + "another instance ends their sessions (default: ${DEFAULT-VALUE}). Keep it above any pause "
                    + "of Redis you expect, and the same on every instance.")
    private int leaseSeconds;

    @Option(names = "--cluster-network", paramLabel = "NAME", defaultValue = "p2pshare",
            description = "The network's name in Redis, so that one Redis can keep several (default: ${DEFAULT-VALUE}).")
    private String network;

    /**
     * The settings given, or null if the tracker runs on its own.
     *
     * @throws CommandLine.ParameterException if they do not fit together
     * @throws IOException if the secret file cannot be read
     */
    ClusterSettings settings() throws IOException {
        if (store == null) {
            if (secret != null || certificateAuthority != null) {
                throw usage("--cluster-secret and --cluster-ca only mean something with --cluster");
            }
            return null;
        }
        URI uri;
        try {
            uri = new URI(store);
        } catch (URISyntaxException e) {
            throw usage("--cluster is redis://HOST:PORT or rediss://HOST:PORT, not '" + store + "'");
        }
        if (certificateAuthority != null && !"rediss".equals(uri.getScheme())) {
            throw usage("--cluster-ca is for a rediss:// (TLS) address");
        }
        String user = null;
        char[] password = null;
        if (secret != null) {
            List<String> lines = Files.readAllLines(secret, StandardCharsets.UTF_8).stream()
                    .filter(line -> !line.isBlank()).toList();
            if (lines.isEmpty() || lines.size() > 2) {
                throw new IOException(secret + " should hold the password on one line, or the user and the password "
                        + "on two; it has " + lines.size() + " lines");
            }
            user = lines.size() == 2 ? lines.get(0).strip() : null;
            password = lines.get(lines.size() - 1).strip().toCharArray();
        }
        try {
            return new ClusterSettings(uri, user, password, certificateAuthority, Duration.ofSeconds(leaseSeconds),
                    network);
        } catch (IllegalArgumentException e) {
            throw usage("--cluster: " + e.getMessage());
        }
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
