package dev.p2pshare.tracker;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.p2pshare.protocol.Message;
import dev.p2pshare.protocol.MessageCodec;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * What a tracker counts about itself, for Prometheus ({@link #writeText}), for a JSON status
 * ({@link #status}) and for the summary it logs every minute ({@link #summarySince}): peers, files
 * and sessions now; requests by type and how they ended; how long answers took; bytes in frames
 * each way. Thread-safe; counting costs a few atomic additions per request.
 */
public final class TrackerMetrics {

    /** How the tracker ended a request: answered it, or refused it with an {@code error} reply. */
    enum Outcome {
        ANSWERED, REFUSED;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The tracker's state and totals since it started.
     *
     * @param requests requests answered or refused, of every type
     * @param refused of {@code requests}, those refused
     * @param cluster how the tracker stands in its cluster; absent for a tracker on its own
     */
    public record Status(String id, int peers, int files, int sessions, long requests, long refused,
            long receivedBytes, long sentBytes, long uptimeSeconds,
            @JsonInclude(JsonInclude.Include.NON_NULL) ClusterStatus cluster) {
    }

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PeerRegistry peers;
    private final String id;
    private final long startNanos = System.nanoTime();
    private final AtomicInteger sessions = new AtomicInteger();
    private volatile Cluster cluster = Cluster.local();
    private final LongAdder requests = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder receivedBytes = new LongAdder();
    private final LongAdder sentBytes = new LongAdder();
    private final Counter requestCounter;
    private final Histogram latency;
    private final Counter received;
    private final Counter sent;
    /**
     * The series of each message type, looked up once: labelling a series on every request costs.
     * A series is made when its first request is counted, as the metrics show only those.
     */
    private final Map<Class<? extends Message>, CounterDataPoint> answeredSeries = new ConcurrentHashMap<>();
    private final Map<Class<? extends Message>, CounterDataPoint> refusedSeries = new ConcurrentHashMap<>();
    private final Map<Class<? extends Message>, DistributionDataPoint> latencySeries = new ConcurrentHashMap<>();

    TrackerMetrics(PeerRegistry peers, String id) {
        this.peers = peers;
        this.id = id;
        GaugeWithCallback.builder().name("p2pshare_tracker_peers").help("Peers online.")
                .callback(callback -> callback.call(peers.size())).register(registry);
        GaugeWithCallback.builder().name("p2pshare_tracker_files").help("Distinct files the online peers share.")
                .callback(callback -> callback.call(peers.files().size())).register(registry);
        GaugeWithCallback.builder().name("p2pshare_tracker_sessions").help("Connections being served.")
                .callback(callback -> callback.call(sessions.get())).register(registry);
        requestCounter = Counter.builder().name("p2pshare_tracker_requests_total")
                .help("Requests by message type, answered or refused with an error reply.")
                .labelNames("type", "outcome").register(registry);
        latency = Histogram.builder().name("p2pshare_tracker_request_seconds")
                .help("Time from a request read to its answer written, by message type.").unit(Unit.SECONDS)
                .classicOnly().classicUpperBounds(0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                        0.1, 0.25, 0.5, 1)
                .labelNames("type").register(registry);
        received = Counter.builder().name("p2pshare_tracker_received_bytes_total")
                .help("Bytes of frames received from peers.").register(registry);
        sent = Counter.builder().name("p2pshare_tracker_sent_bytes_total")
                .help("Bytes of frames sent to peers, error replies included.").register(registry);
    }

    /** Also counts how the tracker stands in {@code cluster}: instances, lag, degraded or not. */
    void watch(Cluster cluster) {
        this.cluster = cluster;
        GaugeWithCallback.builder().name("p2pshare_tracker_cluster_instances")
                .help("Tracker instances holding a lease in the cluster, this one included.")
                .callback(callback -> callback.call(cluster.status().instances().size())).register(registry);
        GaugeWithCallback.builder().name("p2pshare_tracker_cluster_degraded")
                .help("1 while the cluster's store is away or behind this instance's changes, else 0.")
                .callback(callback -> callback.call(cluster.status().degraded() ? 1 : 0)).register(registry);
        GaugeWithCallback.builder().name("p2pshare_tracker_cluster_lag_seconds")
                .help("How far this instance's view of the other instances' peers is behind the cluster's log.")
                .unit(Unit.SECONDS)
                .callback(callback -> callback.call(cluster.status().lagMillis() / 1000.0)).register(registry);
        GaugeWithCallback.builder().name("p2pshare_tracker_cluster_remote_peers")
                .help("Peers online through other instances of the cluster.")
                .callback(callback -> callback.call(cluster.status().remotePeers())).register(registry);
        GaugeWithCallback.builder().name("p2pshare_tracker_cluster_queued_changes")
                .help("This instance's changes waiting to be written to the cluster's store.")
                .callback(callback -> callback.call(cluster.status().queuedChanges())).register(registry);
    }

    void sessionOpened() {
        sessions.incrementAndGet();
    }

    void sessionClosed() {
        sessions.decrementAndGet();
    }

    /** Counts one request of message type {@code type} that took {@code nanos} and ended as {@code outcome}. */
    void request(Class<? extends Message> type, Outcome outcome, long nanos) {
        requests.increment();
        if (outcome == Outcome.REFUSED) {
            refused.increment();
        }
        series(outcome == Outcome.ANSWERED ? answeredSeries : refusedSeries, type,
                name -> requestCounter.labelValues(name, outcome.label())).inc();
        series(latencySeries, type, latency::labelValues).observe(nanos / 1e9);
    }

    private static <S> S series(Map<Class<? extends Message>, S> known, Class<? extends Message> type,
            Function<String, S> labelled) {
        S series = known.get(type);
        return series != null ? series : known.computeIfAbsent(type, t -> labelled.apply(MessageCodec.typeName(t)));
    }

    /** Counts the bytes of the frames of one request and its answer. */
    void traffic(long receivedBytes, long sentBytes) {
        this.receivedBytes.add(receivedBytes);
        this.sentBytes.add(sentBytes);
        received.inc(receivedBytes);
        sent.inc(sentBytes);
    }

    /** Writes every metric in the Prometheus text format, version 0.0.4. */
    public void writeText(OutputStream out) throws IOException {
        new PrometheusTextFormatWriter(false).write(out, registry.scrape());
    }

    /** The content type of {@link #writeText}'s output. */
    public static String textContentType() {
        return PrometheusTextFormatWriter.CONTENT_TYPE;
    }

    public Status status() {
        return new Status(id, peers.size(), peers.files().size(), sessions.get(), requests.sum(), refused.sum(),
                receivedBytes.sum(), sentBytes.sum(), Duration.ofNanos(System.nanoTime() - startNanos).toSeconds(),
                cluster.status());
    }

    /**
     * One line on the tracker now and since {@code earlier} ({@link #status} taken {@code elapsed}
     * ago), for the log: peers, files, sessions, requests and their rate, refusals, bytes.
     */
    public static String summarySince(Status earlier, Status now, Duration elapsed) {
        long requestsThen = now.requests() - earlier.requests();
        double seconds = Math.max(1e-3, elapsed.toMillis() / 1000.0);
        return String.format(Locale.ROOT,
                "%d %s, %d %s, %d %s; %d requests in the last %d s (%.1f/s), %d refused; %s in, %s out",
                now.peers(), now.peers() == 1 ? "peer" : "peers", now.files(), now.files() == 1 ? "file" : "files",
                now.sessions(), now.sessions() == 1 ? "session" : "sessions", requestsThen,
                Math.round(seconds), requestsThen / seconds, now.refused() - earlier.refused(),
                kib(now.receivedBytes() - earlier.receivedBytes()), kib(now.sentBytes() - earlier.sentBytes()));
    }

    private static String kib(long bytes) {
        return bytes < 1024 ? bytes + " B" : String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
    }
}
