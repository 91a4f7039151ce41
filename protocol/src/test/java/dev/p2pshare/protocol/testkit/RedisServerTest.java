package dev.p2pshare.protocol.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import javax.net.SocketFactory;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The fixture itself, against the real redis-server: skipped where it is not installed. */
@Timeout(120)
class RedisServerTest {

    private RedisServer redis;

    @BeforeEach
    void startRedis() throws IOException {
        redis = RedisServer.start();
    }

    @AfterEach
    void stopRedis() throws IOException, InterruptedException {
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void answersAnAuthenticatedPingOnItsLoopbackPort() throws IOException {
        assertThat(redis.command("PING")).isEqualTo("+PONG\r\n");
        assertThat(redis.password()).matches("[0-9a-f]{32}");
        assertThat(redis.uri()).isEqualTo("redis://127.0.0.1:" + redis.port());
        assertThat(ProcessHandle.of(redis.pid())).hasValueSatisfying(process -> assertThat(process.isAlive()).isTrue());
        assertThat(Files.readString(redis.log())).contains("Ready to accept connections");
    }

    @Test
    void refusesCommandsWithoutThePassword() throws IOException {
        try (RespConnection stranger = redis.connect(Duration.ofSeconds(5))) {
            assertThat(stranger.command("PING")).startsWith("-NOAUTH ");
            assertThat(stranger.command("AUTH", "0".repeat(32))).startsWith("-WRONGPASS ");
            assertThat(stranger.command("GET", "anything")).startsWith("-NOAUTH ");
        }
    }

    @Test
    void returnsWholeRepliesOfEveryKind() throws IOException {
        assertThat(redis.command("DBSIZE")).isEqualTo(":0\r\n");
        assertThat(redis.command("SET", "greeting", "héllo")).isEqualTo("+OK\r\n");
        assertThat(redis.command("GET", "greeting")).isEqualTo("$6\r\nhéllo\r\n");
        assertThat(redis.command("RPUSH", "list", "a", "bc")).isEqualTo(":2\r\n");
        assertThat(redis.command("LRANGE", "list", "0", "-1")).isEqualTo("*2\r\n$1\r\na\r\n$2\r\nbc\r\n");
        assertThat(redis.command("INFO", "server")).startsWith("$").contains("redis_version:").endsWith("\r\n");
        assertThat(redis.command("NO-SUCH-COMMAND")).startsWith("-ERR unknown command");
    }

    @Test
    void pausedServerAnswersOnlyOnceResumed() throws IOException, InterruptedException {
        try (RespConnection client = redis.connect(Duration.ofMillis(500))) {
            assertThat(client.command("AUTH", redis.password())).isEqualTo("+OK\r\n");
            redis.pause();
            client.send("PING");
            assertThatThrownBy(client::reply).isInstanceOf(SocketTimeoutException.class);

            redis.resume();
            client.readTimeout(Duration.ofSeconds(5));
            assertThat(client.reply()).isEqualTo("+PONG\r\n");
        }
        assertThat(redis.command("PING")).isEqualTo("+PONG\r\n");
    }

    @Test
    void restartEmptyKeepsPortAndPasswordButDropsTheKeys() throws IOException, InterruptedException {
        int port = redis.port();
        long pid = redis.pid();
        assertThat(redis.command("SET", "survivor", "no")).isEqualTo("+OK\r\n");

        redis.restartEmpty();

        assertThat(redis.port()).isEqualTo(port);
        assertThat(redis.pid()).isNotEqualTo(pid);
        assertThat(redis.command("GET", "survivor")).isEqualTo("$-1\r\n");
        assertThat(redis.command("DBSIZE")).isEqualTo(":0\r\n");
    }

    @Test
    void pausedServerCanStillBeRestartedAndStopped() throws IOException, InterruptedException {
        redis.pause();
        redis.restartEmpty();
        assertThat(redis.command("PING")).isEqualTo("+PONG\r\n");
        redis.pause();
        redis.stop();
        assertThatThrownBy(redis::pid).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void stopEndsTheProcessAndFreesThePort() throws IOException, InterruptedException {
        long pid = redis.pid();

        redis.stop();

        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
        assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), redis.port()).close())
                .isInstanceOf(ConnectException.class);
        redis.stop();
    }

    @Test
    void tlsServerAnswersOnlyClientsThatTrustItsCa(@TempDir Path dir) throws IOException, InterruptedException {
        try (RedisServer tls = RedisServer.startWithTls(dir)) {
            assertThat(tls.command("PING")).isEqualTo("+PONG\r\n");
            assertThat(tls.uri()).isEqualTo("rediss://127.0.0.1:" + tls.port());
            assertThat(Files.readString(tls.caCertificate())).startsWith("-----BEGIN CERTIFICATE-----\n");

            try (RespConnection plain = RespConnection.open(SocketFactory.getDefault(), tls.port(), Duration.ofSeconds(5))) {
                plain.send("PING");
                assertThatThrownBy(plain::reply).isInstanceOf(IOException.class);
            }
            try (RespConnection untrusting = RespConnection.open(SSLSocketFactory.getDefault(), tls.port(),
                    Duration.ofSeconds(5))) {
                assertThatThrownBy(() -> untrusting.command("PING")).isInstanceOf(SSLHandshakeException.class);
            }
        }
    }
}
