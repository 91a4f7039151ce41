package dev.p2pshare.tracker;

import dev.p2pshare.protocol.FailureReason;
import dev.p2pshare.protocol.Release;
import dev.p2pshare.protocol.tls.NodeIdentity;
import dev.p2pshare.protocol.transport.ConnectionThreads;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code java -jar tracker.jar}: parses the options, starts a tracker, runs until stopped. */
@Command(name = "tracker.jar",
        mixinStandardHelpOptions = true,
        versionProvider = TrackerMain.Version.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        headerHeading = "%n",
        header = "The p2pshare tracker: keeps a live index of online peers and the files they share.",
        descriptionHeading = "%n",
        description = {
            "Peers register with the tracker, send a heartbeat every few seconds and announce the files "
                    + "they share; anyone connected can search the index and locate the peers that share a file. "
                    + "File contents never pass through the tracker.",
            "",
            "Every connection is TLS 1.3, and the tracker proves its identity, kept in --state, on each. When "
                    + "ready it prints a line containing 'listening on HOST:PORT', then the tracker's id. Stop it "
                    + "with Ctrl-C.",
        },
        optionListHeading = "%nOptions:%n",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:stopped normally, or help or version shown",
            "1:could not start (for example, the port is in use)",
            "2:invalid command line",
        })
public final class TrackerMain implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--port", paramLabel = "N", defaultValue = "" + TrackerConfig.DEFAULT_PORT,
            description = "TCP port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = "--bind", paramLabel = "ADDR", defaultValue = "0.0.0.0",
            description = "Address to listen on (default: ${DEFAULT-VALUE}, every address).")
    private InetAddress bind;

    @Option(names = "--peer-ttl", paramLabel = "SECONDS", defaultValue = "" + TrackerConfig.DEFAULT_PEER_TTL_SECONDS,
            description = "Forget a peer after this many seconds without a heartbeat (default: ${DEFAULT-VALUE}).")
    private int peerTtlSeconds;

    @Option(names = "--state", paramLabel = "DIR",
            description = "Where the tracker keeps its identity: the key and certificate it proves itself with "
                    + "to every peer (default: ~/.p2pshare-tracker). Keep it: peers that pinned the tracker "
                    + "refuse a tracker whose identity changed.")
    private Path state;

    @Option(names = "--allow", paramLabel = "FILE",
            description = "Serve only the peers whose ids are listed in FILE, one per line (a peer prints its id "
                    + "at start); others are refused. The file is read again within a second of an edit. Without it, "
                    + "every peer is served.")
    private Path allow;

    @Option(names = "--metrics-port", paramLabel = "N",
            description = "Also serve metrics over HTTP on 127.0.0.1:N (0 picks a free port): /metrics in the "
                    + "Prometheus text format, /status as JSON. Off unless given.")
    private Integer metricsPort;

    @Option(names = "--no-announce",
            description = "Do not announce this tracker on the LAN. Otherwise it is announced over multicast DNS "
                    + "as a DNS-SD service of type " + LanAnnouncement.SERVICE_TYPE + " with its port and id, so "
                    + "that peers started without --tracker find it.")
    private boolean noAnnounce;

    @Mixin
    private ClusterOptions cluster;

    @Option(names = {"-v", "--verbose"}, description = "Log debugging detail, and show stack traces of failures.")
    private boolean verbose;

    private static final Duration SUMMARY_INTERVAL = Duration.ofMinutes(1);

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line, as {@link #main} runs it. */
    static CommandLine commandLine() {
        TrackerMain main = new TrackerMain();
        return new CommandLine(main).setParameterExceptionHandler(TrackerMain::usageError)
                .setExecutionExceptionHandler((failure, commandLine, parseResult) -> {
            commandLine.getErr().println("tracker: " + FailureReason.withFile(failure));
            if (main.verbose) {
                failure.printStackTrace(commandLine.getErr());
            }
            return 1;
        });
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        validate();
        if (verbose) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "debug");
        }
        Path stateFolder = state != null ? state : Path.of(System.getProperty("user.home"), ".p2pshare-tracker");
        NodeIdentity identity;
        try {
            identity = NodeIdentity.loadOrCreate(stateFolder, "p2pshare tracker");
        } catch (IOException e) {
            throw new IOException("cannot read or create the tracker's identity in " + stateFolder + ": "
                    + FailureReason.withFile(e), e);
        }
        AllowList allowList;
        try {
            allowList = allow != null ? AllowList.fromFile(allow) : AllowList.everyone();
        } catch (IOException e) {
            throw new IOException("cannot read the allow list: " + FailureReason.withFile(e), e);
        }
        TrackerConfig config = new TrackerConfig(bind, port, Duration.ofSeconds(peerTtlSeconds), Duration.ofSeconds(1),
                new MonotonicClock(), identity, allowList).inCluster(clusterSettings());
        Tracker tracker;
        try {
            tracker = Tracker.start(config);
        } catch (BindException e) {
            boolean portTaken = String.valueOf(e.getMessage()).contains("in use");
            throw new IOException("cannot listen on " + bind.getHostAddress() + ":" + port + ": " + FailureReason.of(e)
                    + (portTaken ? ". Is another tracker running? Choose another port with --port."
                            : ". Is " + bind.getHostAddress() + " an address of this machine? Choose one with --bind."),
                    e);
        }
        AtomicReference<LanAnnouncer> announcer = new AtomicReference<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LanAnnouncer announced = announcer.getAndSet(null);
            if (announced != null) {
                announced.close();
            }
            tracker.close();
            System.out.flush();
            System.err.flush();
            // A JVM stopped by a signal exits with 128 + the signal's number; being stopped is
            // how a tracker ends normally, so it reports success once it has closed.
            Runtime.getRuntime().halt(0);
        }, "tracker-shutdown"));
        PrintWriter out = spec.commandLine().getOut();
        if (metricsPort != null) {
            MetricsServer metrics;
            try {
                metrics = MetricsServer.start(tracker.metrics(), metricsPort);
            } catch (IOException e) {
                tracker.close();
                throw new IOException("cannot serve metrics on 127.0.0.1:" + metricsPort + ": " + FailureReason.of(e)
                        + ". Choose another port with --metrics-port.", e);
            }
            out.printf("metrics on %s and /status%n", metrics.metricsUrl());
        }
        logSummaryEveryMinute(tracker.metrics());
        TrackerBanner.print(out, tracker, config.peerTtl());
        if (tracker.clusterStatus() != null) {
            out.printf("sharing one network through %s as instance %s%n", config.cluster().store(),
                    tracker.clusterStatus().instance());
        }
        if (allowList.restricted()) {
            out.printf("serving only the %d %s listed in %s%n", allowList.size(), allowList.size() == 1 ? "peer" : "peers",
                    allow);
        }
        out.flush();
        if (bind.isLoopbackAddress()) {
            // Nobody on the LAN could reach it: tests and benchmarks keep their traffic on loopback.
            LoggerFactory.getLogger(TrackerMain.class).info("not announced on the LAN: it listens on {} only",
                    bind.getHostAddress());
        } else if (!noAnnounce) {
            announce(tracker, announcer, out);
        }
        new CountDownLatch(1).await();
        return 0;
    }

    /**
     * Announces {@code tracker} on the LAN, keeping the announcer in {@code announcer} for the
     * shutdown to withdraw, and says so once the announcement is out; a tracker that cannot
     * announce goes on serving, and says why.
     */
    static void announce(Tracker tracker, AtomicReference<LanAnnouncer> announcer, PrintWriter out) {
        LanAnnouncer started;
        try {
            started = LanAnnouncer.start(tracker.port(), tracker.id());
        } catch (IOException e) {
            LoggerFactory.getLogger(TrackerMain.class).warn("not announced on the LAN: {}", FailureReason.of(e));
            return;
        }
        announcer.set(started);
        if (started.awaitOut()) {
            out.println(started.description());
            out.flush();
        } else if (announcer.get() == started) {
            LoggerFactory.getLogger(TrackerMain.class).warn("{}", started.notOutWarning());
        }
    }

    /**
     * The cluster the command line names, or null for a tracker on its own; once parsed.
     *
     * @throws IOException if the secret file cannot be read
     */
    ClusterSettings clusterSettings() throws IOException {
        return cluster.settings();
    }

    /** Logs a line on the tracker every minute, at INFO: peers, files, sessions, requests, bytes. */
    private static void logSummaryEveryMinute(TrackerMetrics metrics) {
        Logger log = LoggerFactory.getLogger(TrackerMain.class);
        ScheduledExecutorService timer = ConnectionThreads.timer("tracker-summary");
        AtomicReference<TrackerMetrics.Status> previous = new AtomicReference<>(metrics.status());
        AtomicLong previousNanos = new AtomicLong(System.nanoTime());
        timer.scheduleAtFixedRate(() -> {
            TrackerMetrics.Status now = metrics.status();
            long nanos = System.nanoTime();
            log.info(TrackerMetrics.summarySince(previous.getAndSet(now), now,
                    Duration.ofNanos(nanos - previousNanos.getAndSet(nanos))));
        }, SUMMARY_INTERVAL.toSeconds(), SUMMARY_INTERVAL.toSeconds(), TimeUnit.SECONDS);
    }

    /** One line on what is wrong, the synopsis, and where to read more; not the whole help. */
    private static int usageError(CommandLine.ParameterException failure, String[] args) {
        CommandLine commandLine = failure.getCommandLine();
        PrintWriter err = commandLine.getErr();
        err.println("tracker: " + failure.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(failure, err);
        err.print("Usage: " + commandLine.getHelp().synopsis(0));
        err.println("Try 'java -jar tracker.jar --help' for more information.");
        err.flush();
        return commandLine.getCommandSpec().exitCodeOnInvalidInput();
    }

    private void validate() {
        if (port < 0 || port > 65_535) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--port must be 0 to 65535, not " + port);
        }
        if (peerTtlSeconds < 1 || peerTtlSeconds > 86_400) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--peer-ttl must be 1 to 86400 seconds, not " + peerTtlSeconds);
        }
        if (metricsPort != null && (metricsPort < 0 || metricsPort > 65_535)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--metrics-port must be 0 to 65535, not " + metricsPort);
        }
    }

    /** What {@code --version} prints. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {
                "p2pshare tracker " + Release.version() + ", protocol version " + dev.p2pshare.protocol.Message.VERSION,
                "Java " + Runtime.version() + (ConnectionThreads.virtual() ? " (virtual threads)" : ""),
            };
        }
    }
}
