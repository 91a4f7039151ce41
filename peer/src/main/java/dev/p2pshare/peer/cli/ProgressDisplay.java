package dev.p2pshare.peer.cli;

import dev.p2pshare.peer.transfer.DownloadListener;
import dev.p2pshare.protocol.FileEntry;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;
import java.util.function.IntSupplier;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A live progress bar for one download, drawn by the progressbar library on a line of its own
 * on a {@link ProgressBoard}: name, bar, percent, bytes, elapsed and remaining time, rate, and how
 * many peers it is fetching from. The line goes away when the download ends.
 */
final class ProgressDisplay implements DownloadListener {

    private static final long KIB = 1024;
    private static final long MIB = KIB * 1024;
    private static final long GIB = MIB * 1024;
    /** How often the number of sources is asked for: a chunk arrives far more often. */
    private static final long SOURCES_EVERY_NANOS = 500_000_000L;

    private final ProgressBoard board;
    private final TextStyle style;
    private final int width;
    private final IntSupplier sources;
    private ProgressBar bar;
    /** Set when the download ends: a last redraw the library makes after that is not shown. */
    private volatile boolean ended;
    private long sourcesCheckedNanos;

    /**
     * @param width the terminal's width in columns, which a line must not exceed
     * @param sources how many peers the download is fetching from now, read at each redraw
     */
    ProgressDisplay(ProgressBoard board, TextStyle style, int width, IntSupplier sources) {
        this.board = board;
        this.style = style;
        this.width = Math.max(40, width - 1);
        this.sources = sources;
    }

    @Override
    public synchronized void started(FileEntry file, int sourcesAtStart) {
        if (bar != null) {
            return;
        }
        long size = file.size();
        String unit = size >= GIB ? "GiB" : size >= MIB ? "MiB" : "KiB";
        long unitSize = size >= GIB ? GIB : size >= MIB ? MIB : KIB;
        bar = new ProgressBarBuilder()
                .setTaskName(file.name())
                .setInitialMax(size)
                .setUnit(" " + unit, unitSize)
                .showSpeed(new DecimalFormat("0.0", DecimalFormatSymbols.getInstance(Locale.ROOT)))
                .setStyle(style.colour() ? ProgressBarStyle.COLORFUL_UNICODE_BLOCK : ProgressBarStyle.UNICODE_BLOCK)
                .setUpdateIntervalMillis(200)
                .continuousUpdate()
                .setConsumer(new BoardLine())
                .build();
        bar.setExtraMessage(sourcesText(sourcesAtStart));
    }

    @Override
    public synchronized void progressed(long bytesDone) {
        if (bar != null) {
            long now = System.nanoTime();
            if (now - sourcesCheckedNanos > SOURCES_EVERY_NANOS) {
                sourcesCheckedNanos = now;
                bar.setExtraMessage(sourcesText(sources.getAsInt()));
            }
            bar.stepTo(bytesDone);
        }
    }

    @Override
    public synchronized void finished() {
        ended = true;
        if (bar != null) {
            bar.close();
            bar = null;
        }
        board.remove(this);
    }

    private static String sourcesText(int count) {
        return count == 1 ? "  from 1 peer" : "  from " + count + " peers";
    }

    /** Where the library draws: this download's line on the board. */
    private final class BoardLine implements ProgressBarConsumer {

        @Override
        public int getMaxRenderedLength() {
            return width;
        }

        @Override
        public void accept(String rendered) {
            if (!ended) {
                board.show(ProgressDisplay.this, rendered.replace("\r", ""));
            }
        }

        @Override
        public void clear() {
            board.remove(ProgressDisplay.this);
        }

        @Override
        public void close() {
            board.remove(ProgressDisplay.this);
        }
    }
}
