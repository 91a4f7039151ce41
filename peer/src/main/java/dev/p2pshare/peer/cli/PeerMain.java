package dev.p2pshare.peer.cli;

import dev.p2pshare.peer.HostedTracker;
import dev.p2pshare.peer.Peer;
import dev.p2pshare.peer.PeerConfig;
import dev.p2pshare.peer.PeerException;
import dev.p2pshare.peer.PeerStartException;
import dev.p2pshare.peer.RecentLog;
import dev.p2pshare.peer.folder.StateDirectory;
import dev.p2pshare.peer.lan.MulticastDiscovery;
import dev.p2pshare.peer.lan.TrackerChoice;
import dev.p2pshare.peer.net.TrackerAddress;
import dev.p2pshare.peer.net.TrackerTrust;
import dev.p2pshare.peer.view.StartedView;
import dev.p2pshare.peer.view.StatusView;
import dev.p2pshare.peer.web.WebServer;
import dev.p2pshare.protocol.FailureReason;
import dev.p2pshare.protocol.FileNames;
import dev.p2pshare.protocol.NodeId;
import dev.p2pshare.protocol.Printable;
import dev.p2pshare.protocol.Release;
import dev.p2pshare.protocol.transport.ConnectionThreads;
import dev.p2pshare.tracker.LanAnnouncement;
import dev.p2pshare.tracker.TrackerBanner;
import dev.p2pshare.tracker.TrackerConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/** {@code java -jar peer.jar FOLDER}: parses the options, starts a peer, runs the shell or serves. */
@Command(name = "peer.jar",
        mixinStandardHelpOptions = true,
        versionProvider = PeerMain.Version.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        headerHeading = "%n",
        header = "A p2pshare peer: shares a folder with other peers and downloads files from them.",
        descriptionHeading = "%n",
        description = {
            "Indexes the files in FOLDER (hashing only new or changed ones), serves them to other peers, "
                    + "registers with the tracker, and then reads commands: at a 'p2p>' prompt when run in a "
                    + "terminal, or one per line from standard input otherwise (exit status 0 if every command "
                    + "succeeded). Downloads land in FOLDER and are shared in turn.",
            "",
            "When registered and serving it prints a line containing 'listening on HOST:PORT'.",
            "Commands: files, peers, search WORDS..., get #N|NAME|ID-PREFIX [--as NAME], cancel NAME|ID-PREFIX,"
                    + " status, share PATH, msg PEER TEXT..., broadcast TEXT..., offer NAME|ID-PREFIX,"
                    + " ping PEER [-c N], limit [up|down MIB], help [COMMAND], quit. A file, a download or a peer"
                    + " is named by its exact name or by 6 or more digits of its id, in any case, dashes allowed.",
        },
        optionListHeading = "%nOptions:%n",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:stopped normally (in piped mode: every command succeeded)",
            "1:a failure (tracker unreachable, port taken, a piped command failed)",
            "2:invalid command line",
        })
public final class PeerMain implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FOLDER",
            description = "The folder to share; created if missing. Downloads are saved here.")
    private Path folder;

    @Option(names = "--tracker", paramLabel = "HOST:PORT[#ID][,...]",
            converter = TrackerListConverter.class,
            description = {"Where the tracker listens. Without it, the peer looks on the LAN for 2 s for trackers "
                    + "announced over multicast DNS: it uses the one it trusted before, or the only one found "
                    + "(trusted on first use); with several new ones it lists them and exits; with none it hosts "
                    + "one (see --host-tracker, --no-host).",
                "With #ID, the tracker must prove that id, as it prints it at start. Without it, the id the "
                        + "tracker proves on first contact is trusted and kept in FOLDER/.p2pshare/known-trackers; "
                        + "a tracker that later proves another id is refused.",
                "Where an organisation runs several trackers (independent ones, or instances of one network "
                        + "sharing a Redis), list them, separated by commas or with "
                        + "the option repeated, each with its own #ID or none. The peer registers with one at a "
                        + "time, picked by its own id so that peers spread over them; if that one cannot be "
                        + "reached, or is lost later, it registers afresh with the next in the list at once, and "
                        + "waits (1 s, doubling to 30 s) only after every one has failed in turn. Between "
                        + "instances of one network, nobody sees it leave."})
    private List<TrackerListConverter.TrackerList> trackerLists;

    @Option(names = "--host-tracker", arity = "0..1", paramLabel = "PORT",
            fallbackValue = "" + TrackerConfig.DEFAULT_PORT,
            description = {"Also run a tracker in this process, on every address, on PORT (default "
                    + TrackerConfig.DEFAULT_PORT + "; 0 for a free one), and register with it: the same tracker as "
                    + "tracker.jar, serving other peers as it does. Its identity is kept in FOLDER/.p2pshare/"
                    + HostedTracker.STATE_NAME + ", so it proves the same id every time; it prints the "
                    + "--tracker HOST:PORT#ID line to give other peers. It stops when this peer does."})
    private Integer hostTrackerPort;

    @Option(names = "--no-host", description = "Without --tracker, if no tracker is announced on the LAN, fail "
            + "instead of hosting one.")
    private boolean noHost;

    @Option(names = "--no-announce", description = "Do not announce the tracker this peer hosts on the LAN.")
    private boolean noAnnounce;

    @Option(names = "--port", paramLabel = "N", defaultValue = "0",
            description = "TCP port to serve other peers on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = "--name", paramLabel = "NAME",
            description = "How other peers see this one (default: this host's name and the folder's).")
    private String name;

    @Option(names = "--heartbeat", paramLabel = "SECONDS", defaultValue = "" + PeerConfig.DEFAULT_HEARTBEAT_SECONDS,
            description = "Seconds between heartbeats to the tracker (default: ${DEFAULT-VALUE}).")
    private int heartbeatSeconds;

    @Option(names = "--source-wait", paramLabel = "SECONDS",
            defaultValue = "" + PeerConfig.DEFAULT_SOURCE_WAIT_SECONDS,
            description = "How long a download with no source that may deliver keeps looking before it gives up,"
                    + " keeping what it has (default: ${DEFAULT-VALUE}). Whatever its sources do, a download that"
                    + " gets nothing for --source-wait and --stall-limit together gives up.")
    private int sourceWaitSeconds;

    @Option(names = "--stall-limit", paramLabel = "SECONDS",
            defaultValue = "" + PeerConfig.DEFAULT_STALL_LIMIT_SECONDS,
            description = "How long a source may deliver nothing (silent, a trickle, chunks it claims and does not"
                    + " send) before a download drops it; it is not asked again by that download until it has more"
                    + " (default: ${DEFAULT-VALUE}).")
    private int stallLimitSeconds;

    @Option(names = "--upload-limit", paramLabel = "MIB",
            description = "Serve other peers at most this many MiB per second in all, decimals allowed; 0 for no"
                    + " limit (the default). The shell's 'limit up MIB' changes it while the peer runs.")
    private double uploadLimitMib;

    @Option(names = "--download-limit", paramLabel = "MIB",
            description = "Take in at most this many MiB per second for all downloads together, decimals allowed;"
                    + " 0 for no limit (the default). The shell's 'limit down MIB' changes it while the peer runs.")
    private double downloadLimitMib;

    @Option(names = {"-q", "--quiet"}, description = "Do not show when other peers join or leave (texts and offers"
            + " still show).")
    private boolean quiet;

    @Option(names = "--web", arity = "0..1", paramLabel = "PORT", fallbackValue = "0",
            description = "Also serve a web page for this peer on 127.0.0.1:PORT (a free port if none is given). The"
                    + " 'web ui on' line gives its address, with the key that only you hold.")
    private Integer webPort;

    @Option(names = "--serve", description = "No shell: serve until stopped (SIGINT or SIGTERM), then unregister and exit 0.")
    private boolean serve;

    @Option(names = "--json", description = "Print one line of JSON per command (its result, or its error) instead of "
            + "text, and the start as JSON too. Commands are then read line by line, as from a pipe, even in a "
            + "terminal. Exit codes are unchanged.")
    private boolean json;

    @Option(names = "--no-color", description = "No colour in the interactive shell (so does a non-empty NO_COLOR "
            + "variable in the environment).")
    private boolean noColor;

    @Option(names = {"-v", "--verbose"}, description = "Log debugging detail, and show stack traces of failures.")
    private boolean verbose;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line, as {@link #main} runs it. */
    static CommandLine commandLine() {
        PeerMain main = new PeerMain();
        return new CommandLine(main).addSubcommand("completion", new AutoComplete.GenerateCompletion())
                .setParameterExceptionHandler(PeerMain::usageError)
                .setExecutionExceptionHandler((failure, commandLine, parseResult) -> {
            commandLine.getErr().println("peer: " + FailureReason.withFile(failure));
            if (main.verbose) {
                failure.printStackTrace(commandLine.getErr());
            }
            commandLine.getErr().flush();
            return 1;
        });
    }

    @Override
    public Integer call() throws IOException, PeerException, InterruptedException {
        if (verbose) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "debug");
        }
        Logger log = LoggerFactory.getLogger(PeerMain.class);
        PeerConfig config = config();
        boolean onTheLan = trackerLists == null && hostTrackerPort == null;
        LanPresence lan = new LanPresence(new MulticastDiscovery(), LanPresence.BROWSE_TIME);
        TrackerTrust trust = TrackerTrust.load(StateDirectory.of(config.folder()).root(), config.trackers());
        LanDecision decision = null;
        if (onTheLan) {
            // The look runs while the peer indexes its folder; the choice is made once it has.
            lan.look();
            decision = new LanDecision(lan, trust, !noHost);
        }
        RecentLog recentLog = new RecentLog();
        if (webPort != null) {
            System.setErr(new PrintStream(recentLog.copyOf(System.err), true, StandardCharsets.UTF_8));
        }
        Peer peer;
        try {
            peer = start(config, decision, log);
        } catch (LanDecision.SeveralFound e) {
            lan.close();
            return severalOnTheLan(e.several());
        } catch (PeerStartException e) {
            lan.close();
            throw new PeerException(e.getMessage() + whatToChange(e), e);
        } catch (IOException | PeerException | RuntimeException e) {
            lan.close();
            throw e;
        }
        WebServer web;
        try {
            web = webPort == null ? null : WebServer.start(peer, webPort, recentLog);
        } catch (IOException e) {
            lan.close();
            peer.close();
            throw new PeerException("cannot serve the web page on port " + webPort + ": " + FailureReason.of(e)
                    + "; choose another with --web PORT, or leave the port out for any free one", e);
        }
        Runnable stopping = () -> {
            if (web != null) {
                web.close();
            }
            lan.close();
            peer.close();
        };
        // Before the start lines: a peer stopped as soon as it says it listens stops cleanly.
        Runtime.getRuntime().addShutdownHook(serve ? stopsAndSucceeds(stopping)
                : new Thread(stopping, "peer-shutdown"));
        PrintWriter out = spec.commandLine().getOut();
        peer.hostedTracker().ifPresent(hosted -> {
            Duration peerTtl = Duration.ofSeconds(TrackerConfig.DEFAULT_PEER_TTL_SECONDS);
            if (json) {
                StringWriter lines = new StringWriter();
                TrackerBanner.print(new PrintWriter(lines), hosted.tracker(), peerTtl);
                lines.toString().lines().forEach(line -> log.info("{}", line));
            } else {
                TrackerBanner.print(out, hosted.tracker(), peerTtl);
            }
        });
        StatusView status = StatusView.of(peer.diagnostics().status());
        StartBanner.print(out, new StartedView(config.name(), peer.serving().toString(),
                status.sharedFiles(), status.sharedBytes(), status.tracker().address(),
                peer.id().hex(), web == null ? null : web.url().toString()), json);
        NodeId chosen = decision == null ? null : decision.chosen() != null ? decision.chosen()
                : peer.hostedTracker().map(HostedTracker::id).orElse(null);
        lan.started(peer, !noAnnounce, chosen, trust);
        if (serve) {
            peer.messaging().notices().listen(notice -> log.info("{}", NoticeText.line(notice)));
            // Serves until a signal stops the JVM, whose shutdown hook ends the process.
            new CountDownLatch(1).await();
            return 0;
        }
        try {
            Shell shell = new Shell(peer, verbose, recentLog);
            if (json) {
                return shell.runPipedJson(System.in, out);
            }
            if (StandardInput.isTerminal()) {
                try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
                    return shell.runInteractive(terminal, TextStyle.forTerminal(noColor, System.getenv("NO_COLOR")));
                }
            }
            return shell.runPiped(System.in, out, spec.commandLine().getErr());
        } finally {
            stopping.run();
        }
    }

    /**
     * Starts the peer, deciding its tracker with {@code decision} if it looks on the LAN; one that
     * decided to host a tracker but found the port taken meanwhile, by another peer of this
     * machine that decided so at the same moment, starts again registered with that tracker.
     */
    private static Peer start(PeerConfig config, LanDecision decision, Logger log) throws IOException, PeerException {
        if (decision == null) {
            return Peer.start(config, new IndexingProgress(log));
        }
        try {
            return Peer.start(config, new IndexingProgress(log), decision);
        } catch (PeerStartException.HostedTrackerPortTaken taken) {
            Optional<PeerConfig> instead = decision.afterPortTaken(config, taken);
            if (instead.isEmpty()) {
                throw taken;
            }
            return Peer.start(instead.get(), new IndexingProgress(log));
        }
    }

    /** Lists the trackers announced on the LAN, none trusted before, and asks for a choice: the usage status. */
    private int severalOnTheLan(TrackerChoice.Several several) {
        PrintWriter err = spec.commandLine().getErr();
        err.printf("peer: %d trackers are announced on the LAN, none trusted before; choose one with --tracker:%n",
                several.trackers().size());
        for (LanAnnouncement tracker : several.trackers()) {
            err.printf("  --tracker %s#%s%n", tracker.endpoint(), tracker.id().hex());
        }
        err.flush();
        return spec.exitCodeOnInvalidInput();
    }

    /** What to change on the command line after {@code failure}, in the options' words. */
    static String whatToChange(PeerStartException failure) {
        if (failure instanceof PeerStartException.TrackerUntrusted untrusted) {
            return " Or, once checked, pin the new id: start this peer with --tracker " + untrusted.tracker() + "#"
                    + untrusted.presented().hex() + ".";
        }
        if (failure instanceof PeerStartException.HostedTrackerPortTaken) {
            return "; is a tracker running there already? Give its address with --tracker HOST:PORT instead, or "
                    + "host on another port with --host-tracker=PORT (0 for any free one)";
        }
        if (failure instanceof PeerStartException.PortTaken) {
            return "; choose another with --port, or 0 for any free port";
        }
        if (failure instanceof PeerStartException.TrackerUnreachable) {
            return ". Is it running? Start one with 'java -jar tracker.jar', or give its address with"
                    + " --tracker HOST:PORT.";
        }
        if (failure instanceof PeerStartException.TrackersUnreachable) {
            return ". Are they running? Give their addresses with --tracker HOST:PORT,HOST:PORT.";
        }
        return "";
    }

    /** One line on what is wrong, the synopsis, and where to read more; not the whole help. */
    private static int usageError(CommandLine.ParameterException failure, String[] args) {
        CommandLine commandLine = failure.getCommandLine();
        PrintWriter err = commandLine.getErr();
        err.println("peer: " + Printable.escape(failure.getMessage()));
        CommandLine.UnmatchedArgumentException.printSuggestions(failure, err);
        err.print("Usage: " + commandLine.getHelp().synopsis(0));
        err.println("Try 'java -jar peer.jar --help' for more information.");
        err.flush();
        return commandLine.getCommandSpec().exitCodeOnInvalidInput();
    }

    private PeerConfig config() {
        List<TrackerAddress> trackers = trackerLists == null ? List.of()
                : trackerLists.stream().flatMap(list -> list.trackers().stream()).toList();
        try {
            if (!trackers.isEmpty()) {
                TrackerAddress.requireDistinct(trackers);
            }
        } catch (IllegalArgumentException e) {
            throw usage("--tracker: " + e.getMessage());
        }
        if (port < 0 || port > 65_535) {
            throw usage("--port must be 0 to 65535, not " + port);
        }
        if (hostTrackerPort != null && (hostTrackerPort < 0 || hostTrackerPort > 65_535)) {
            throw usage("--host-tracker takes a port from 0 to 65535, not " + hostTrackerPort);
        }
        if (hostTrackerPort != null && !trackers.isEmpty()) {
            throw usage("--host-tracker and --tracker cannot go together: a peer that hosts a tracker registers "
                    + "with it");
        }
        if (heartbeatSeconds < 1 || heartbeatSeconds > 3600) {
            throw usage("--heartbeat must be 1 to 3600 seconds, not " + heartbeatSeconds);
        }
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw usage(folder + " is not a folder");
        }
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the folder " + folder + " (" + FailureReason.of(e) + ")", e);
        }
        String peerName = name != null ? name : DefaultPeerName.forFolder(folder);
        try {
            FileNames.requirePeerName(peerName);
        } catch (IllegalArgumentException e) {
            throw usage("--name: " + e.getMessage());
        }
        if (sourceWaitSeconds < 0 || sourceWaitSeconds > 86_400) {
            throw usage("--source-wait must be 0 to 86400 seconds, not " + sourceWaitSeconds);
        }
        if (stallLimitSeconds < 1 || stallLimitSeconds > 86_400) {
            throw usage("--stall-limit must be 1 to 86400 seconds, not " + stallLimitSeconds);
        }
        if (webPort != null && (webPort < 0 || webPort > 65_535)) {
            throw usage("--web takes a port from 0 to 65535, not " + webPort);
        }
        long uploadLimit = limit("--upload-limit", uploadLimitMib);
        long downloadLimit = limit("--download-limit", downloadLimitMib);
        // Without --tracker, a peer hosts a tracker unless it finds one on the LAN.
        OptionalInt hosted = hostTrackerPort != null ? OptionalInt.of(hostTrackerPort)
                : trackers.isEmpty() ? OptionalInt.of(TrackerConfig.DEFAULT_PORT) : OptionalInt.empty();
        return new PeerConfig(folder, trackers, port, peerName, Duration.ofSeconds(heartbeatSeconds),
                Duration.ofSeconds(sourceWaitSeconds), Duration.ofSeconds(stallLimitSeconds), uploadLimit,
                downloadLimit, !quiet, hosted);
    }

    /** The limit given as {@code option}, in bytes per second. */
    private long limit(String option, double mib) {
        try {
            return Units.mibPerSecond(mib);
        } catch (IllegalArgumentException e) {
            throw usage(option + ": " + e.getMessage());
        }
    }

    /**
     * The shutdown hook of a serving peer: runs {@code stopping}, then ends the process with
     * status 0, since a signal is how a serving peer normally ends.
     */
    private static Thread stopsAndSucceeds(Runnable stopping) {
        return new Thread(() -> {
            stopping.run();
            System.out.flush();
            System.err.flush();
            // A JVM stopped by a signal exits with 128 + the signal's number; stopping is the
            // normal way to end a serving peer, so it reports success once it has unregistered.
            Runtime.getRuntime().halt(0);
        }, "peer-shutdown");
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    /** What {@code --version} prints. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {
                "p2pshare peer " + Release.version() + ", protocol version " + Release.protocolVersion(),
                "Java " + Runtime.version() + (ConnectionThreads.virtual() ? " (virtual threads)" : ""),
            };
        }
    }
}
