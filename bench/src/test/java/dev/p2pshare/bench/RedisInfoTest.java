package dev.p2pshare.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RedisInfoTest {

    private static final String STATS = "# Stats\r\n"
            + "total_connections_received:7\r\n"
            + "total_commands_processed:12345\r\n"
            + "instantaneous_ops_per_sec:3\r\n"
            + "\r\n"
            + "# Memory\r\n"
            + "used_memory:1048576\r\n"
            + "used_memory_human:1.00M\r\n"
            + "mem_allocator:jemalloc-5.3.0\r\n";

    @Test
    void readsNumbersUnderEverySection() {
        RedisInfo info = RedisInfo.parse(STATS);

        assertThat(info.number("total_commands_processed")).isEqualTo(12345);
        assertThat(info.number("used_memory")).isEqualTo(1_048_576);
        assertThat(info.fields()).containsEntry("mem_allocator", "jemalloc-5.3.0").hasSize(6);
    }

    @Test
    void valuesMayHoldColons() {
        assertThat(RedisInfo.parse("executable:/usr/bin/redis-server\nconfig_file:\nx:a:b\n").fields())
                .containsEntry("executable", "/usr/bin/redis-server").containsEntry("config_file", "")
                .containsEntry("x", "a:b");
    }

    @Test
    void aMissingFieldIsNamed() {
        assertThatThrownBy(() -> RedisInfo.parse(STATS).number("used_memory_rss"))
                .isInstanceOf(IllegalStateException.class).hasMessage("redis-server's INFO has no used_memory_rss");
    }

    @Test
    void aFieldThatIsNoNumberIsNamed() {
        assertThatThrownBy(() -> RedisInfo.parse(STATS).number("used_memory_human"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("redis-server's INFO has used_memory_human:1.00M, not a number");
    }
}
