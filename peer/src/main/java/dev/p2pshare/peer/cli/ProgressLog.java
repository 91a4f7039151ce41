package dev.p2pshare.peer.cli;

import dev.p2pshare.peer.transfer.DownloadListener;
import dev.p2pshare.protocol.FileEntry;
import java.io.PrintWriter;

/**
 * Progress of a download as lines, for scripts: one when it starts, one at every quarter, so that
 * a log shows how far a download got without drawing on a terminal. Files under
 * {@value #QUIET_BELOW_BYTES} bytes download too quickly to be worth it, and get none.
 */
final class ProgressLog implements DownloadListener {

    private static final long QUIET_BELOW_BYTES = 8L * 1024 * 1024;

    private final PrintWriter err;
    private FileEntry file;
    private int lastQuarter = -1;

    ProgressLog(PrintWriter err) {
        this.err = err;
    }

    @Override
    public synchronized void started(FileEntry started, int sources) {
        if (file == null && started.size() >= QUIET_BELOW_BYTES) {
            file = started;
            err.println("get " + file.name() + ": " + Units.bytes(file.size()) + ", fetching");
            err.flush();
        }
    }

    @Override
    public synchronized void progressed(long bytesDone) {
        if (file == null || file.size() == 0) {
            return;
        }
        int quarter = (int) (bytesDone * 4 / file.size());
        if (quarter > lastQuarter && quarter > 0 && quarter < 4) {
            lastQuarter = quarter;
            err.println("get " + file.name() + ": " + quarter * 25 + "% (" + Units.bytes(bytesDone) + " of "
                    + Units.bytes(file.size()) + ")");
            err.flush();
        }
    }
}
