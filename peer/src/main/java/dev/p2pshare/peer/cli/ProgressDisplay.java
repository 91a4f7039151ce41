package dev.p2pshare.peer.cli;

import dev.p2pshare.peer.transfer.DownloadListener;
import dev.p2pshare.protocol.FileEntry;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.jline.terminal.Terminal;

/**
 * A live progress line for a download on the terminal: name, bar, percent, bytes, elapsed and
 * remaining time, rate. It is cleared when the download ends, so the summary takes its place.
 */
final class ProgressDisplay implements DownloadListener {

    private static final long KIB = 1024;
    private static final long MIB = KIB * 1024;
    private static final long GIB = MIB * 1024;

    private final Terminal terminal;
    private final TextStyle style;
    private ProgressBar bar;

    ProgressDisplay(Terminal terminal, TextStyle style) {
        this.terminal = terminal;
        this.style = style;
    }

    @Override
    public void started(FileEntry file, int sources) {
        long size = file.size();
        String unit = size >= GIB ? "GiB" : size >= MIB ? "MiB" : "KiB";
        long unitSize = size >= GIB ? GIB : size >= MIB ? MIB : KIB;
        PrintStream out = new PrintStream(terminal.output(), true, StandardCharsets.UTF_8);
        int width = Math.max(40, terminal.getWidth() - 1);
        bar = new ProgressBarBuilder()
                .setTaskName(file.name())
                .setInitialMax(size)
                .setUnit(" " + unit, unitSize)
                .showSpeed(new DecimalFormat("0.0", DecimalFormatSymbols.getInstance(Locale.ROOT)))
                .setStyle(style.colour() ? ProgressBarStyle.COLORFUL_UNICODE_BLOCK : ProgressBarStyle.UNICODE_BLOCK)
                .setUpdateIntervalMillis(200)
                .continuousUpdate()
                .setConsumer(new ConsoleProgressBarConsumer(out, width) {
                    // The cleared line is where the summary goes: back to its start, and no newline
                    // that would leave a gap (the library's own clear is cut short of its final \r).
                    @Override
                    public void clear() {
                        out.print("\r" + " ".repeat(width) + "\r");
                    }

                    @Override
                    public void close() {
                        out.flush();
                    }
                })
                .clearDisplayOnFinish()
                .build();
    }

    @Override
    public void progressed(long bytesDone) {
        if (bar != null) {
            bar.stepTo(bytesDone);
        }
    }

    @Override
    public void finished() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
