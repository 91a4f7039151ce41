package dev.p2pshare.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.function.Supplier;

/**
 * Several instances of the tracker jar sharing one network through a redis-server of the bench's
 * own, measured under {@link TrackerLoad} with its sessions spread over them: the requests served,
 * in all and by each instance, the latencies, the processor time of every process, what Redis did
 * meanwhile, how each instance says it stands, and how long a new peer takes to show on another
 * instance ({@link ReplicationLag}).
 *
 * @param trackers where each instance listened, in the order started
 * @param cpu over the measured stretch: each tracker, redis-server, and this JVM, which generates the load
 * @param redisCommandsPerSecond the commands redis-server processed over the measured stretch, per second
 * @param redisMemory the memory redis-server's data took at the end of the stretch, in bytes ({@code used_memory})
 * @param standings each instance's {@code /status} at the end of the stretch, in the order started
 * @param lag taken after the stretch, with the load's sessions open and idle
 */
record ClusterUnderLoad(List<String> trackers, TrackerLoad.Result result, CpuTimes cpu, double redisCommandsPerSecond,
        long redisMemory, List<ClusterStanding> standings, ReplicationLag lag) {

    /**
     * What to run.
     *
     * @param instances tracker instances, two or more
     * @param sessions live sessions, taking the instances in turn
     * @param lagSamples samples of {@link ReplicationLag}
     * @param leaseSeconds the trackers' {@code --cluster-lease}, or their default if empty
     */
    record Setting(int instances, int sessions, int lagSamples, OptionalInt leaseSeconds) {

        Setting {
            if (instances < 2 || sessions < 1 || lagSamples < 1) {
                throw new IllegalArgumentException("instances must be 2 or more, sessions and lag samples 1 or more: "
                        + instances + ", " + sessions + ", " + lagSamples);
            }
        }
    }

    private static final Duration STARTUP = Duration.ofSeconds(60);

    ClusterUnderLoad {
        trackers = List.copyOf(trackers);
        standings = List.copyOf(standings);
    }

    /**
     * Starts redis-server and the instances of {@code jars}'s tracker, opens the sessions, runs the
     * load of {@code load} unmeasured for its warm-up and then measured, reads what Redis and each
     * instance say, samples the replication lag, and stops everything.
     */
    static ClusterUnderLoad measure(P2pshareSwarm.Jars jars, Workspace workspace, Setting setting, LoadOptions load,
            PrintWriter progress) throws IOException {
        Path folder = workspace.emptyFolder("cluster");
        progress.printf(Locale.ROOT, "bench: starting redis-server and %d trackers%n", setting.instances());
        progress.flush();
        try (RunningRedis redis = RunningRedis.start(folder.resolve("redis"), workspace.logFolder("cluster/redis"))) {
            List<RunningTracker> trackers = new ArrayList<>();
            try {
                for (int i = 1; i <= setting.instances(); i++) {
                    trackers.add(startTracker(jars, workspace, folder.resolve("tracker-" + i), i, redis,
                            setting.leaseSeconds()));
                }
                return measure(setting, load, redis, trackers, progress);
            } finally {
                trackers.forEach(RunningTracker::close);
            }
        }
    }

    /** The latency at {@code percentile}, in milliseconds. */
    double millis(double percentile) {
        return result.latencyMicros().getValueAtPercentile(percentile) / 1000.0;
    }

    private static ClusterUnderLoad measure(Setting setting, LoadOptions options, RunningRedis redis,
            List<RunningTracker> trackers, PrintWriter progress) throws IOException {
        List<InetSocketAddress> addresses = trackers.stream().map(RunningTracker::address).toList();
        progress.printf(Locale.ROOT, "bench: opening %,d sessions across %d trackers%n", setting.sessions(),
                trackers.size());
        progress.flush();
        TrackerLoad load = TrackerLoad.open(addresses, setting.sessions(), options.files(), 8);
        try {
            progress.printf(Locale.ROOT, "bench: %,d sessions open; warming up for %.0f s%n", setting.sessions(),
                    options.warmUp());
            progress.flush();
            if (options.warmUp() > 0) {
                load.run(options.shape(), options.warmUp());
            }
            progress.printf(Locale.ROOT, "bench: measuring for %.0f s%n", options.seconds());
            progress.flush();
            long commandsBefore = redis.info("stats").number("total_commands_processed");
            long redisStart = System.nanoTime();
            CpuTimes.Stretch stretch = CpuTimes.start(processes(redis, trackers));
            TrackerLoad.Result result = load.run(options.shape(), options.seconds());
            CpuTimes cpu = stretch.end();
            double redisCommandsPerSecond = (redis.info("stats").number("total_commands_processed") - commandsBefore)
                    / ((System.nanoTime() - redisStart) / 1e9);
            long redisMemory = redis.info("memory").number("used_memory");
            result.firstError().ifPresent(error -> progress.println("bench: first error: " + error));
            List<ClusterStanding> standings = new ArrayList<>();
            for (RunningTracker tracker : trackers) {
                standings.add(ClusterStanding.read(tracker.statusUri()));
            }
            progress.printf(Locale.ROOT, "bench: %d samples of the replication lag%n", setting.lagSamples());
            progress.flush();
            ReplicationLag lag = ReplicationLag.measure(addresses, setting.lagSamples(), setting.sessions(),
                    ReplicationLag.PATIENCE);
            return new ClusterUnderLoad(trackers.stream().map(RunningTracker::hostAndPort).toList(), result, cpu,
                    redisCommandsPerSecond, redisMemory, standings, lag);
        } finally {
            load.close();
        }
    }

    /** Instance {@code number} of the cluster, keeping its identity in {@code state}. */
    private static RunningTracker startTracker(P2pshareSwarm.Jars jars, Workspace workspace, Path state, int number,
            RunningRedis redis, OptionalInt leaseSeconds) throws IOException {
        List<String> options = new ArrayList<>(List.of("--peer-ttl", String.valueOf(TrackerUnderLoad.PEER_TTL_SECONDS),
                "--state", state.toString(), "--cluster", redis.uri(), "--cluster-secret", redis.secretFile().toString(),
                "--metrics-port", "0"));
        leaseSeconds.ifPresent(seconds -> options.addAll(List.of("--cluster-lease", String.valueOf(seconds))));
        return RunningTracker.start(jars, workspace, workspace.logFolder("cluster/tracker-" + number), STARTUP,
                options.toArray(String[]::new));
    }

    /** Every process whose processor time is reported, by the name the table gives it. */
    private static Map<String, Supplier<OptionalDouble>> processes(RunningRedis redis, List<RunningTracker> trackers) {
        Map<String, Supplier<OptionalDouble>> processes = new LinkedHashMap<>();
        for (int i = 0; i < trackers.size(); i++) {
            ChildProcess tracker = trackers.get(i).process();
            processes.put("tracker " + (i + 1), () -> ChildProcess.cpuSeconds(List.of(tracker)));
        }
        processes.put("redis-server", () -> ChildProcess.cpuSeconds(List.of(redis.process())));
        processes.put("load generator (bench)", CpuShares::thisProcessSeconds);
        return processes;
    }
}
