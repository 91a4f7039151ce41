package dev.p2pshare.peer.cli;

import dev.p2pshare.peer.BackgroundDownloads;
import dev.p2pshare.peer.Peer;
import dev.p2pshare.protocol.SearchHit;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.jline.terminal.Terminal;

/**
 * What the shell's commands share: the peer they drive, where they print, the results of the
 * last search (for {@code get #N}) and whether the user asked to quit. Used by the shell's
 * thread only.
 */
final class ShellContext {

    private final Peer peer;
    private final PrintWriter out;
    private final PrintWriter err;
    private final Terminal terminal;
    private final TextStyle style;
    private ProgressBoard board;
    private Consumer<String> notices;
    private Object result;
    private List<SearchHit> lastHits = List.of();
    private boolean quitRequested;

    /**
     * @param terminal the terminal of an interactive shell; null when commands come from a pipe
     * @param style how output is coloured
     */
    ShellContext(Peer peer, PrintWriter out, PrintWriter err, Terminal terminal, TextStyle style) {
        this.peer = peer;
        this.out = out;
        this.err = err;
        this.terminal = terminal;
        this.style = style;
    }

    Peer peer() {
        return peer;
    }

    PrintWriter out() {
        return out;
    }

    /** Where progress and errors go. */
    PrintWriter err() {
        return err;
    }

    /** The terminal, when a person is typing; empty when commands come from a pipe or file. */
    Optional<Terminal> terminal() {
        return Optional.ofNullable(terminal);
    }

    /**
     * Makes {@code get} run downloads in the background, their bars on {@code board} and a line to
     * {@code notices} when each ends: for a person at the prompt. Without it, {@code get} waits
     * for its download, as scripts need.
     */
    void runDownloadsInBackground(ProgressBoard board, Consumer<String> notices) {
        this.board = board;
        this.notices = notices;
    }

    /** The background downloads, when {@code get} starts them there. */
    Optional<BackgroundDownloads> background() {
        return board == null ? Optional.empty() : Optional.of(peer.fetching().background());
    }

    /** Where a line goes that comes while the person types, such as a download's end. */
    Consumer<String> notices() {
        return notices;
    }

    /** Where background downloads draw their bars; present with {@link #background()}. */
    Optional<ProgressBoard> board() {
        return Optional.ofNullable(board);
    }

    /** How output is coloured: plain in piped mode. */
    TextStyle style() {
        return style;
    }

    /**
     * Records what the running command did, a view of {@code dev.p2pshare.peer.view} whose fields
     * make the JSON line it prints with {@code --json} (and is not printed otherwise). Called
     * once, at the command's end.
     */
    void result(Object view) {
        result = view;
    }

    /** The last command's {@link #result}, if it recorded one; forgets it. */
    Optional<Object> takeResult() {
        Optional<Object> taken = Optional.ofNullable(result);
        result = null;
        return taken;
    }

    List<SearchHit> lastHits() {
        return lastHits;
    }

    void rememberHits(List<SearchHit> hits) {
        lastHits = List.copyOf(hits);
    }

    boolean quitRequested() {
        return quitRequested;
    }

    void requestQuit() {
        quitRequested = true;
    }
}
