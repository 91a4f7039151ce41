package dev.p2pshare.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The bench's own redis-server, started for real; skipped, saying so, where it is not installed. */
@Timeout(60)
class RunningRedisTest {

    @TempDir
    Path work;

    @BeforeEach
    void needsRedis() {
        Assumptions.assumeTrue(RunningRedis.executable().isPresent(),
                "redis-server is not installed here (package redis-server); skipped");
    }

    @Test
    void servesWithThePasswordOfItsOwnerOnlySecretFile() throws IOException {
        try (RunningRedis redis = RunningRedis.start(work.resolve("redis"), work.resolve("logs"))) {
            assertThat(Files.readString(redis.secretFile())).isEqualTo(redis.password() + "\n");
            assertThat(redis.password()).matches("[0-9a-f]{32}");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(redis.secretFile())))
                    .isEqualTo("rw-------");
            assertThat(redis.uri()).isEqualTo("redis://127.0.0.1:" + redis.port());
            try (RedisConnection connection = redis.connect()) {
                assertThat(connection.command("SET", "k", "v")).isEqualTo("OK");
                assertThat(connection.command("GET", "k")).isEqualTo("v");
            }
        }
    }

    @Test
    void infoCountsCommandsAndMemory() throws IOException {
        try (RunningRedis redis = RunningRedis.start(work.resolve("redis"), work.resolve("logs"))) {
            long before = redis.info("stats").number("total_commands_processed");
            try (RedisConnection connection = redis.connect()) {
                for (int i = 0; i < 10; i++) {
                    connection.command("PING");
                }
            }
            // The ten PINGs, the AUTH before them, and the AUTH and INFO of this reading.
            assertThat(redis.info("stats").number("total_commands_processed") - before).isEqualTo(13);
            assertThat(redis.info("memory").number("used_memory")).isPositive();
        }
    }

    @Test
    void aConnectionWithoutThePasswordIsRefused() throws IOException {
        try (RunningRedis redis = RunningRedis.start(work.resolve("redis"), work.resolve("logs"))) {
            assertThat(catchThrowable(() -> RedisConnection.open(redis.port(), "wrong")))
                    .isInstanceOf(IOException.class).hasMessageContaining("refused AUTH");
        }
    }

    @Test
    void closingStopsTheServer() throws IOException {
        RunningRedis redis = RunningRedis.start(work.resolve("redis"), work.resolve("logs"));
        redis.close();

        assertThat(redis.process().awaitExit(Duration.ofSeconds(5))).isNotNegative();
        assertThat(catchThrowable(
                () -> new Socket(InetAddress.getLoopbackAddress(), redis.port()).close()))
                .isInstanceOf(IOException.class);
    }
}
