package dev.p2pshare.tracker;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How an instance joins its cluster.
 *
 * @param store the shared Redis, {@code redis://HOST:PORT} or {@code rediss://HOST:PORT} (TLS),
 *     without a password in it
 * @param user the ACL user to log in as, or null for the default user
 * @param password the password, or null for none
 * @param certificateAuthority a PEM file of the authority that signed the store's TLS certificate,
 *     or null to trust the JVM's authorities
 * @param lease how long an instance's sessions outlive its last word to the store
 * @param network the name the network's keys are kept under, so that one store can serve several
 */
record ClusterSettings(URI store, String user, char[] password, Path certificateAuthority, Duration lease,
        String network) {

    /** How long an instance's sessions outlive it unless told otherwise. */
    static final Duration DEFAULT_LEASE = Duration.ofSeconds(10);

    ClusterSettings {
        Objects.requireNonNull(store, "store");
        if (!"redis".equals(store.getScheme()) && !"rediss".equals(store.getScheme())) {
            throw new IllegalArgumentException("the cluster store is redis://HOST:PORT or rediss://HOST:PORT, not "
                    + store);
        }
        if (store.getUserInfo() != null) {
            throw new IllegalArgumentException("put the store's password in a file and name it with --cluster-secret,"
                    + " not in the address: the address shows in the list of processes");
        }
        if (store.getHost() == null) {
            throw new IllegalArgumentException("the cluster store's address lacks a host: " + store);
        }
        Objects.requireNonNull(lease, "lease");
        if (lease.compareTo(Duration.ofSeconds(2)) < 0 || lease.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("the cluster lease is 2 s to 10 min, not " + lease.toSeconds() + " s");
        }
        Objects.requireNonNull(network, "network");
        if (!network.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new IllegalArgumentException("a network name is 1 to 64 letters, digits, '.', '_' or '-'");
        }
    }

    /** Whether the store is reached over TLS. */
    boolean tls() {
        return "rediss".equals(store.getScheme());
    }

    /** The prefix of every key: one hash tag, so that every key sits in one slot of a Redis cluster too. */
    String prefix() {
        return "p2ps:{" + network + "}:";
    }
}
