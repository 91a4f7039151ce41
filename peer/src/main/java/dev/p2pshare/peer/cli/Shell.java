package dev.p2pshare.peer.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.p2pshare.peer.BackgroundDownloads;
import dev.p2pshare.peer.Peer;
import dev.p2pshare.peer.PeerException;
import dev.p2pshare.peer.PeerNotices;
import dev.p2pshare.peer.RecentLog;
import dev.p2pshare.peer.view.Json;
import dev.p2pshare.peer.view.NoticeView;
import dev.p2pshare.protocol.FailureReason;
import dev.p2pshare.protocol.Printable;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jline.reader.EOFError;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.Parser;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import picocli.CommandLine;

/**
 * Reads commands and runs them against a peer, one at a time.
 *
 * <p>With a terminal ({@link #runInteractive}), a person types at a {@code p2p>} prompt with line
 * editing, history and completion, and {@code get} runs its download in the background. From a
 * pipe or file ({@link #runPiped}, {@link #runPipedJson}), each line is one command run to
 * completion, nothing is echoed, and the run returns 0 only if every command succeeded. All split
 * lines the same way (quotes and backslashes work as in a Unix shell) and run the same
 * {@link ShellCommands}.
 */
public final class Shell {

    private static final String PROMPT = "p2p> ";
    private static final int HISTORY_SIZE = 1000;

    private final Peer peer;
    private final boolean verbose;
    private final RecentLog recentLog;

    public Shell(Peer peer, boolean verbose) {
        this(peer, verbose, new RecentLog());
    }

    /** @param recentLog where the lines the peer logs during an interactive session are kept too */
    public Shell(Peer peer, boolean verbose, RecentLog recentLog) {
        this.peer = peer;
        this.verbose = verbose;
        this.recentLog = recentLog;
    }

    /**
     * Runs commands typed on {@code terminal} until {@code quit} or end of input; returns 0.
     * Commands are kept in the state folder's history across runs, Tab completes them (and
     * {@code get}'s {@code #N} and ids), and what the peer logs meanwhile appears above the prompt.
     */
    public int runInteractive(Terminal terminal, TextStyle style) {
        PrintWriter out = terminal.writer();
        ShellContext context = new ShellContext(peer, out, out, terminal, style);
        CommandLine commands = commandLine(context, out).setErr(out);
        PromptReader reader = new PromptReader(terminal);
        reader.setParser(new DefaultParser());
        reader.setCompleter(new ShellCompleter(commands.getSubcommands().keySet(), context::lastHits,
                () -> peer.fetching().background().running().stream().map(BackgroundDownloads.Running::name).toList(),
                peer.messaging().notices()::onlineNames, peer.sharing()::files));
        reader.setVariable(LineReader.HISTORY_FILE, peer.state().history());
        reader.setVariable(LineReader.HISTORY_SIZE, HISTORY_SIZE);
        reader.setVariable(LineReader.HISTORY_FILE_SIZE, HISTORY_SIZE);
        reader.option(LineReader.Option.DISABLE_EVENT_EXPANSION, true);
        PrintStream standardError = System.err;
        NoticesAbovePrompt notices = new NoticesAbovePrompt(reader, out);
        System.setErr(new PrintStream(recentLog.copyOf(notices), true, StandardCharsets.UTF_8));
        String prompt = style.prompt(PROMPT);
        ProgressBoard board = ProgressBoard.above(reader, prompt);
        context.runDownloadsInBackground(board, notices::print);
        PeerNotices.Listening listening = peer.messaging().notices().listen(
                notice -> notices.print(style.notice(NoticeText.line(notice))));
        try {
            out.println("type 'help' for the commands, Tab to complete, 'quit' to leave");
            out.flush();
            while (!context.quitRequested()) {
                try {
                    reader.readLine(board.prompt(prompt));
                } catch (UserInterruptException e) {
                    continue;
                } catch (EndOfFileException e) {
                    break;
                }
                List<String> words = reader.getParsedLine().words().stream().filter(word -> !word.isEmpty()).toList();
                if (!words.isEmpty()) {
                    commands.execute(words.toArray(String[]::new));
                }
            }
            return 0;
        } finally {
            listening.close();
            System.setErr(standardError);
            saveHistory(reader);
        }
    }

    private static void saveHistory(LineReader reader) {
        try {
            reader.getHistory().save();
        } catch (IOException e) {
            // The session is over and worked; losing its history is worth a word, not a failure.
            System.err.println("peer: could not save the shell's history: " + FailureReason.withFile(e));
        }
    }

    /**
     * Runs one command per line of {@code in} until {@code quit} or end of input, printing to
     * {@code out} and {@code err}. Notices that arrive meanwhile are printed to {@code out}, a
     * line each.
     *
     * @return 0 if every command succeeded, 1 otherwise
     */
    public int runPiped(InputStream in, PrintWriter out, PrintWriter err) throws IOException {
        ShellContext context = new ShellContext(peer, out, err, null, TextStyle.PLAIN);
        CommandLine commands = commandLine(context, out).setErr(err);
        try (PeerNotices.Listening listening = peer.messaging().notices().listen(notice -> {
            out.println(NoticeText.line(notice));
            out.flush();
        })) {
            return readLines(in, context, (line, words) -> {
                if (line != null) {
                    err.println("error: " + line.problem() + " in: " + line.text());
                    err.flush();
                    return false;
                }
                return words.isEmpty() || commands.execute(words.toArray(String[]::new)) == 0;
            });
        }
    }

    /**
     * As {@link #runPiped}, but each command prints exactly one line of JSON to {@code out}: its
     * result ({@code "ok": true} and the command's fields, or its text output as {@code "text"}) or
     * its failure ({@code "ok": false}, {@code "exit"}, {@code "error"}). Each notice that arrives
     * (a text, an offer, a peer joining or leaving) is a line of its own, with an {@code "event"}
     * field. Logs still go to standard error.
     *
     * @return 0 if every command succeeded, 1 otherwise
     */
    public int runPipedJson(InputStream in, PrintWriter out) throws IOException {
        StringWriter text = new StringWriter();
        StringWriter errors = new StringWriter();
        PrintWriter textWriter = new PrintWriter(text);
        ShellContext context = new ShellContext(peer, textWriter, new PrintWriter(errors), null, TextStyle.PLAIN);
        CommandLine commands = commandLine(context, textWriter).setErr(new PrintWriter(errors));
        try (PeerNotices.Listening listening = peer.messaging().notices().listen(notice -> {
            try {
                out.println(Json.MAPPER.writeValueAsString(NoticeView.of(notice)));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
            out.flush();
        })) {
            return runJsonLines(in, out, context, commands, text, errors);
        }
    }

    private static int runJsonLines(InputStream in, PrintWriter out, ShellContext context, CommandLine commands,
            StringWriter text, StringWriter errors) throws IOException {
        return readLines(in, context, (line, words) -> {
            if (line == null && words.isEmpty()) {
                return true;
            }
            Map<String, Object> result = new LinkedHashMap<>();
            int exit;
            if (line != null) {
                result.put("command", "");
                exit = 1;
                errors.write("error: " + line.problem() + " in: " + line.text());
            } else {
                result.put("command", words.get(0));
                exit = commands.execute(words.toArray(String[]::new));
            }
            result.put("ok", exit == 0);
            if (exit == 0) {
                context.takeResult().ifPresentOrElse(view -> result.putAll(Json.fields(view)), () -> result.put("text", text.toString().strip()));
            } else {
                context.takeResult();
                result.put("exit", exit);
                // A command may have written progress before it failed: the error is its 'error:' line.
                List<String> said = errors.toString().strip().lines().toList();
                int error = said.size() - 1;
                for (int i = said.size() - 1; i >= 0; i--) {
                    if (said.get(i).startsWith("error: ")) {
                        error = i;
                        break;
                    }
                }
                result.put("error", said.isEmpty() ? "failed" : said.get(error).replaceFirst("^error: ", ""));
                if (error + 1 < said.size() && said.get(error + 1).startsWith("usage: ")) {
                    result.put("usage", said.get(error + 1).substring("usage: ".length()));
                }
            }
            text.getBuffer().setLength(0);
            errors.getBuffer().setLength(0);
            out.println(Json.MAPPER.writeValueAsString(result));
            out.flush();
            return exit == 0;
        });
    }

    /** A line of input that could not be split into words, and why. */
    private record UnreadableLine(String text, String problem) {
    }

    /** Runs one command: its words, or, when the line could not be split into words, {@code line} says why. */
    @FunctionalInterface
    private interface LineRunner {
        boolean run(UnreadableLine line, List<String> words) throws IOException;
    }

    /** Splits each line of {@code in} into words and runs them, until quit or the end; 0 if all succeeded. */
    private static int readLines(InputStream in, ShellContext context, LineRunner runner) throws IOException {
        Parser parser = new DefaultParser();
        BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        boolean allSucceeded = true;
        String line;
        while (!context.quitRequested() && (line = lines.readLine()) != null) {
            if (line.isBlank() || line.strip().startsWith("#")) {
                continue;
            }
            try {
                List<String> words = parser.parse(line, line.length(), Parser.ParseContext.ACCEPT_LINE).words().stream()
                        .filter(word -> !word.isEmpty()).toList();
                allSucceeded &= runner.run(null, words);
            } catch (EOFError e) {
                allSucceeded &= runner.run(new UnreadableLine(line, e.getMessage()), List.of());
            }
        }
        return allSucceeded ? 0 : 1;
    }

    private CommandLine commandLine(ShellContext context, PrintWriter out) {
        CommandLine commands = ShellCommands.create(context);
        commands.setOut(out);
        TextStyle style = context.style();
        commands.setExecutionExceptionHandler((failure, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            if (failure instanceof PeerException || failure instanceof IOException) {
                err.println(style.error("error: " + FailureReason.withFile(failure)));
            } else {
                err.println(style.error("error: " + Printable.escape(failure)));
            }
            if (verbose) {
                failure.printStackTrace(err);
            }
            err.flush();
            return 1;
        });
        commands.setParameterExceptionHandler((failure, args) -> {
            PrintWriter err = failure.getCommandLine().getErr();
            if (failure instanceof CommandLine.UnmatchedArgumentException && failure.getCommandLine() == commands) {
                err.println(style.error("error: unknown command '" + args[0] + "'; type 'help' to list the commands"));
            } else {
                CommandLine command = failure.getCommandLine();
                err.println(style.error("error: " + Printable.escape(failure.getMessage())));
                err.println("usage: " + command.getHelp().synopsis(0).replaceFirst("^Usage:", "").strip());
            }
            err.flush();
            return 2;
        });
        return commands;
    }
}
