package dev.p2pshare.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code cluster} benchmark: several tracker instances sharing one network through Redis,
 * under the load of the {@code tracker} benchmark spread across them, with their rates, latency,
 * processor time, Redis's work and the replication lag printed as Markdown.
 */
@Command(name = "cluster", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Starts a redis-server of its own (from the PATH: Debian's package redis-server) on a free port of "
                    + "127.0.0.1, keeping nothing on disk, with a random password in a secret file, and several "
                    + "instances of the tracker jar in cluster mode sharing it. Then runs the load of 'bench tracker' "
                    + "(same options, same mix), its sessions taking the instances in turn. Several JVMs sharing the "
                    + "cores warm up as many times slower: on 2 cores, give 3 instances --warm-up 60.",
            "",
            "Reports the requests served, in all and by each instance; the latencies; the processor time, user "
                    + "and system, of each tracker, of redis-server and of the load generator over the measured "
                    + "stretch, next to its wall time; the commands redis-server processed per second and the "
                    + "memory its data took; and each instance's cluster status (/status) at the end.",
            "",
            "Then measures the replication lag: a fresh session registers a file on one instance, and a fresh "
                    + "session on another instance locates it until it has a source; the time from the register's "
                    + "answer to that locate's, once per sample, the load's sessions open and idle.",
            "Results go to standard output as Markdown, progress to standard error.",
            ""
        })
final class ClusterCommand implements Callable<Integer> {

    @Option(names = "--instances", paramLabel = "N", defaultValue = "3",
            description = "Tracker instances sharing the network (default: ${DEFAULT-VALUE}).")
    private int instances;

    @Option(names = "--sessions", paramLabel = "N", defaultValue = "1000",
            description = "Live sessions, spread over the instances in turn (default: ${DEFAULT-VALUE}).")
    private int sessions;

    @Option(names = "--lag-samples", paramLabel = "N", defaultValue = "20",
            description = "Samples of the replication lag (default: ${DEFAULT-VALUE}).")
    private int lagSamples;

    @Option(names = "--cluster-lease", paramLabel = "SECONDS",
            description = "Passed on to every tracker (default: the tracker's).")
    private Integer leaseSeconds;

    @Mixin
    private LoadOptions load;

    @Mixin
    private SharedOptions shared;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        load.check(spec);
        if (instances < 2 || sessions < 1 || lagSamples < 1 || (leaseSeconds != null && leaseSeconds < 1)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--instances must be 2 or more; --sessions, --lag-samples and --cluster-lease 1 or more");
        }
        ClusterUnderLoad.Setting setting = new ClusterUnderLoad.Setting(instances, sessions, lagSamples,
                leaseSeconds == null ? OptionalInt.empty() : OptionalInt.of(leaseSeconds));
        P2pshareSwarm.Jars jars = shared.jars(spec);
        PrintWriter out = spec.commandLine().getOut();
        Workspace workspace = shared.workspace();
        RunSetting.print(out, workspace, jars.java());
        ClusterUnderLoad figures = ClusterUnderLoad.measure(jars, workspace, setting, load, spec.commandLine().getErr());
        print(out, figures);
        return 0;
    }

    private void print(PrintWriter out, ClusterUnderLoad figures) {
        TrackerLoad.Shape shape = load.shape();
        out.printf(Locale.ROOT, "### Tracker cluster under load: %d instances sharing one redis-server, %,d sessions "
                + "taking them in turn, %d requests in flight (%s), %.0f s measured after %.0f s of warm-up%n%n",
                instances, sessions, shape.inFlight(), shape.parts(), load.seconds(), load.warmUp());
        out.println("| requests/s | p50 | p99 | p99.9 | errors | Redis commands/s | Redis memory |");
        out.println("|---:|---:|---:|---:|---:|---:|---:|");
        out.printf(Locale.ROOT, "| %,.0f | %.2f ms | %.2f ms | %.2f ms | %,d | %,.0f | %s |%n%n",
                figures.result().perSecond(), figures.millis(50), figures.millis(99), figures.millis(99.9),
                figures.result().errors(), figures.redisCommandsPerSecond(), Units.bytes(figures.redisMemory()));
        out.println("Each instance, and its cluster status (/status) at the end of the measured stretch:");
        out.println();
        out.println("| instance | address | cluster id | requests/s | instances seen | degraded | lag | remote peers "
                + "| queued changes |");
        out.println("|---|---|---|---:|---:|---|---:|---:|---:|");
        for (int i = 0; i < figures.trackers().size(); i++) {
            ClusterStanding standing = figures.standings().get(i);
            out.printf(Locale.ROOT, "| tracker %d | %s | %s | %,.0f | %d | %s | %,d ms | %,d | %,d |%n", i + 1,
                    figures.trackers().get(i), standing.instance(), figures.result().perSecond(i),
                    standing.instances(), standing.degraded() ? "yes" : "no", standing.lagMillis(),
                    standing.remotePeers(), standing.queuedChanges());
        }
        out.println();
        printCpu(out, figures.cpu());
        ReplicationLag lag = figures.lag();
        if (lag.millis().isEmpty()) {
            out.printf(Locale.ROOT, "Replication lag: none of %d samples showed on another instance within %d s.%n%n",
                    lag.unseen(), ReplicationLag.PATIENCE.toSeconds());
        } else {
            out.printf(Locale.ROOT, "Replication lag, from a register's answer on one instance until a locate on "
                    + "another finds the file: median %.1f ms, max %.1f ms (%d samples; %d not seen within %d s).%n%n",
                    lag.medianMillis(), lag.maxMillis(), lag.millis().size(), lag.unseen(),
                    ReplicationLag.PATIENCE.toSeconds());
        }
        out.flush();
    }

    /** The processor time of every process over the measured stretch, and its share of the wall time and of the machine. */
    private static void printCpu(PrintWriter out, CpuTimes cpu) {
        out.printf(Locale.ROOT, "Processor time (user + system) over the measured stretch, %.1f s of wall time on %d "
                + "cores:%n%n", cpu.wallSeconds(), Runtime.getRuntime().availableProcessors());
        out.println("| process | CPU | of wall time | of the machine |");
        out.println("|---|---:|---:|---:|");
        cpu.seconds().forEach((name, seconds) -> printCpuRow(out, name, seconds, cpu.wallSeconds()));
        printCpuRow(out, "all", cpu.total(), cpu.wallSeconds());
        out.println();
    }

    private static void printCpuRow(PrintWriter out, String name, OptionalDouble seconds, double wallSeconds) {
        if (seconds.isEmpty()) {
            out.printf(Locale.ROOT, "| %s | ? | ? | ? |%n", name);
            return;
        }
        double share = seconds.getAsDouble() / wallSeconds;
        out.printf(Locale.ROOT, "| %s | %.2f s | %.0f %% | %.0f %% |%n", name, seconds.getAsDouble(), 100 * share,
                100 * share / Runtime.getRuntime().availableProcessors());
    }
}
