package dev.p2pshare.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.p2pshare.protocol.FileEntry;
import dev.p2pshare.protocol.FileId;
import dev.p2pshare.protocol.testkit.RedisServer;
import dev.p2pshare.protocol.tls.NodeIdentity;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The cluster's store is reached over TLS when asked, and only with the right password. */
@Timeout(60)
class ClusterStoreSecurityTest {

    private static final FileEntry SONG = new FileEntry(FileId.of("ef".repeat(32)), "song.flac", 1000);

    @TempDir
    Path folder;

    @Test
    void anInstanceSharesItsPeersThroughATlsStoreWhoseAuthorityItWasGiven() throws Exception {
        try (RedisServer redis = RedisServer.startWithTls(folder)) {
            Tracker tracker = Tracker.start(config(new ClusterSettings(URI.create(redis.uri()), null,
                    redis.password().toCharArray(), redis.caCertificate(), Duration.ofSeconds(2), "tls")));
            NodeIdentity alice = NodeIdentity.generate("alice");
            try (TrackerClient client = TrackerClient.connect(tracker.port(), alice)) {
                client.hello();
                client.register("alice", 7001, SONG);

                await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(redis.command("HGET",
                        "p2ps:{tls}:files:" + alice.id().hex(), SONG.id().hex())).contains("song.flac"));
                assertThat(tracker.clusterStatus().degraded()).isFalse();
            } finally {
                tracker.close();
            }
        }
    }

    @Test
    void aStoreOverTlsIsRefusedWithoutItsAuthority() throws Exception {
        try (RedisServer redis = RedisServer.startWithTls(folder)) {
            assertThatThrownBy(() -> Tracker.start(config(new ClusterSettings(URI.create(redis.uri()), null,
                    redis.password().toCharArray(), null, Duration.ofSeconds(2), "tls"))))
                    .isInstanceOf(IOException.class).hasMessageContaining("cannot reach the cluster's store");
        }
    }

    @Test
    void aWrongPasswordIsRefusedAtStart() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            assertThatThrownBy(() -> Tracker.start(config(new ClusterSettings(URI.create(redis.uri()), null,
                    "not-the-password".toCharArray(), null, Duration.ofSeconds(2), "test"))))
                    .isInstanceOf(IOException.class).hasMessageContaining("cannot reach the cluster's store")
                    .hasMessageContaining(redis.uri());
        }
    }

    @Test
    void anAclUserLimitedToTheNetworksKeysAndCommandsIsEnough() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            // The user docs/CLUSTER.md recommends.
            assertThat(redis.command("ACL", "SETUSER", "p2pshare", "on", ">s3cret", "resetkeys", "~p2ps:*",
                    "resetchannels", "&p2ps:*", "-@all", "+@connection", "+info", "+evalsha", "+script|load",
                    "+zrange", "+xread", "+xrange", "+xrevrange", "+scan", "+hgetall", "+publish", "+subscribe",
                    "+hget", "+hset", "+hmget", "+hdel", "+del", "+sadd", "+srem", "+smembers", "+spop", "+scard",
                    "+xadd", "+zadd", "+zscore", "+zrangebyscore", "+zrem", "+pexpire", "+time")).isEqualTo("+OK\r\n");
            Path secret = folder.resolve("secret");
            Files.writeString(secret, "p2pshare\ns3cret\n");
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            ClusterSettings settings = settingsFrom(redis.uri(), secret, out, err);
            Tracker tracker = Tracker.start(config(settings));
            NodeIdentity alice = NodeIdentity.generate("alice");
            try (TrackerClient client = TrackerClient.connect(tracker.port(), alice)) {
                client.hello();
                client.register("alice", 7001, SONG);

                await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(redis.command("HGET",
                        "p2ps:{p2pshare}:files:" + alice.id().hex(), SONG.id().hex())).contains("song.flac"));
                await().atMost(Duration.ofSeconds(5)).until(() -> !tracker.clusterStatus().degraded());
            } finally {
                tracker.close();
            }
        }
    }

    @Test
    void aSecretFileOfThreeLinesIsRefusedSayingWhatItShouldHold() throws Exception {
        Path secret = folder.resolve("secret");
        Files.writeString(secret, "one\ntwo\nthree\n");

        assertThatThrownBy(() -> settingsFrom("redis://127.0.0.1:6380", secret, new StringWriter(),
                new StringWriter())).isInstanceOf(IOException.class)
                .hasMessageContaining("the password on one line, or the user and the password on two");
    }

    /** The cluster settings the tracker's command line makes of {@code --cluster URI --cluster-secret FILE}. */
    private static ClusterSettings settingsFrom(String uri, Path secret, StringWriter out, StringWriter err)
            throws IOException {
        CommandLine commandLine = TrackerMain.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
        commandLine.parseArgs("--cluster", uri, "--cluster-secret", secret.toString());
        return ((TrackerMain) commandLine.getCommand()).clusterSettings();
    }

    private static TrackerConfig config(ClusterSettings cluster) {
        return new TrackerConfig(InetAddress.getLoopbackAddress(), 0, Duration.ofSeconds(30), Duration.ofHours(1),
                Clock.systemUTC(), NodeIdentity.generate("tracker"), AllowList.everyone()).inCluster(cluster);
    }
}
