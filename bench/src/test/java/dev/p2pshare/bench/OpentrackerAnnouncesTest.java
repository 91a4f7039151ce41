package dev.p2pshare.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class OpentrackerAnnouncesTest {

    private static final CpuShares UNMEASURED = new CpuShares(OptionalDouble.empty(), OptionalDouble.empty());

    @Test
    void readsTheRateTheLatenciesAndTheErrorsOfWrksReport() throws IOException {
        List<String> report = List.of(
                "Running 20s test @ http://127.0.0.1:39819",
                "  2 threads and 50 connections",
                "  Thread Stats   Avg      Stdev     Max   +/- Stdev",
                "    Latency     1.95ms    1.56ms  18.62ms   80.45%",
                "    Req/Sec     8.20k     1.44k   13.50k    72.93%",
                "  Latency Distribution",
                "     50%  870.00us",
                "     75%    2.53ms",
                "     90%    3.52ms",
                "     99%    1.02s",
                "  327116 requests in 20.08s, 50.85MB read",
                "  Socket errors: connect 1, read 327097, write 2, timeout 3",
                "  Non-2xx or 3xx responses: 4",
                "Requests/sec:  16292.04",
                "Transfer/sec:      2.53MB");
        OpentrackerAnnounces figures = OpentrackerAnnounces.read(report, Path.of("logs"), UNMEASURED);
        assertThat(figures.perSecond()).isEqualTo(16292.04);
        assertThat(figures.p50Millis()).isCloseTo(0.87, within(1e-9));
        assertThat(figures.p99Millis()).isEqualTo(1020.0);
        // Read errors are opentracker closing each connection after its answer, not failures.
        assertThat(figures.errors()).isEqualTo(10);
    }

    @Test
    void aReportWithoutItsFiguresIsAnError() {
        assertThatThrownBy(() -> OpentrackerAnnounces.read(List.of("unable to connect to 127.0.0.1:1"), Path.of("logs"),
                UNMEASURED))
                .isInstanceOf(IOException.class).hasMessageContaining("no rate or latency distribution");
    }
}
