package dev.p2pshare.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class ResultsTest {

    private record Named(String label) implements Contender {
        @Override
        public Measurement run(String run) {
            throw new UnsupportedOperationException();
        }
    }

    private record ShortNamed(String label, String shortName) implements Contender {
        @Override
        public Measurement run(String run) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void medianOfOddAndEvenCounts() {
        assertThat(Results.median(List.of(5.0, 1.0, 3.0))).isEqualTo(3.0);
        assertThat(Results.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
    }

    @Test
    void tableShowsMediansAndRatiosToTheReference() {
        Contender ours = new Named("ours, fast");
        Contender theirs = new Named("theirs 1.0");
        Results results = new Results(new Scenario(1, 4), 1L << 30);
        for (double seconds : new double[] {4, 2, 3}) {
            results.add(ours, new Measurement(seconds, OptionalDouble.of(0.75), OptionalDouble.of(seconds / 100),
                    List.of(seconds * 10), OptionalDouble.empty()));
        }
        for (double seconds : new double[] {8, 6, 7}) {
            results.add(theirs, new Measurement(seconds));
        }
        StringWriter text = new StringWriter();
        results.print(new PrintWriter(text), List.of(theirs, new Named("never run")));
        assertThat(text.toString()).contains("### 1 seeder → 4 downloaders, 1.0 GiB, 3 runs")
                .contains("| contender | median | min | max | median ÷ theirs |")
                .contains("| ours, fast | 3.00 s | 2.00 s | 4.00 s | 0.43 |")
                .contains("| theirs 1.0 | 7.00 s | 6.00 s | 8.00 s | 1.00 |")
                .contains("ours, fast: downloaders got 75% of their bytes from each other (median).")
                .contains("ours, fast: downloaders received 3.0% more bytes than they kept, and discarded them")
                .contains("ours, fast: while the downloads ran, the seeder's shell answered `files` in 30 ms (median of 3), "
                        + "40 ms at the slowest.")
                .doesNotContain("never");
    }

    @Test
    void processorTimeIsShownPerGibDeliveredWithItsRatioToTheReference() {
        Contender ours = new Named("ours");
        Contender theirs = new Named("theirs 1.0");
        Results results = new Results(new Scenario(1, 4), 1L << 30);
        for (double cpu : new double[] {8, 12, 10}) {
            results.add(ours, new Measurement(5, OptionalDouble.of(cpu)));
        }
        results.add(theirs, new Measurement(4, OptionalDouble.of(20)));
        StringWriter text = new StringWriter();
        results.print(new PrintWriter(text), List.of(theirs));
        assertThat(text.toString()).contains("| contender | CPU, median | per GiB delivered | ÷ theirs |")
                .contains("| ours | 10.00 s | 2.50 s | 0.50 |")
                .contains("| theirs 1.0 | 20.00 s | 5.00 s | 1.00 |");
        assertThat(results.cpuPerGib(ours)).hasValue(2.5);
    }

    @Test
    void aColumnOfRatiosForEachReference() {
        Contender ours = new Named("ours");
        Contender theirs = new Named("theirs 1.0");
        Contender ceiling = new ShortNamed("ceiling copy", "the ceiling");
        Results results = new Results(new Scenario(1, 1), 1L << 20);
        results.add(ours, new Measurement(2));
        results.add(theirs, new Measurement(4));
        results.add(ceiling, new Measurement(1));
        StringWriter text = new StringWriter();
        results.print(new PrintWriter(text), List.of(theirs, ceiling));
        assertThat(text.toString()).contains("| contender | median | min | max | median ÷ theirs | median ÷ the ceiling |")
                .contains("|---|---:|---:|---:|---:|---:|")
                .contains("| ours | 2.00 s | 2.00 s | 2.00 s | 0.50 | 2.00 |");
        assertThat(results.median(ours)).hasValue(2.0);
        assertThat(results.median(new Named("absent"))).isEmpty();
    }

    @Test
    void scenariosReadAsSeedersByDownloaders() {
        assertThat(Scenario.parse("3x1")).isEqualTo(new Scenario(3, 1));
        assertThat(new Scenario(3, 1).title()).isEqualTo("3 seeders → 1 downloader");
        assertThatThrownBy(() -> Scenario.parse("0x4")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Scenario.parse("1y4")).isInstanceOf(IllegalArgumentException.class);
    }
}
