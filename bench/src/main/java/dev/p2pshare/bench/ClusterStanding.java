package dev.p2pshare.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * How one tracker instance stands in its cluster, as the {@code "cluster"} object of its
 * {@code /status} says.
 *
 * @param instance its id in the cluster
 * @param instances how many instances it sees holding a lease, itself included
 * @param degraded whether it cannot reach the shared store, or has changes not yet shared
 * @param lagMillis how far behind the shared log its view is
 * @param remotePeers the peers it sees held by other instances
 * @param queuedChanges its own changes waiting to be written
 */
record ClusterStanding(String instance, int instances, boolean degraded, long lagMillis, int remotePeers,
        int queuedChanges) {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Reads it from the {@code /status} at {@code status}.
     *
     * @throws IOException if the tracker does not answer, or its status has no cluster
     */
    static ClusterStanding read(URI status) throws IOException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        HttpResponse<String> response;
        try {
            response = client.send(HttpRequest.newBuilder(status).timeout(TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading " + status, e);
        }
        if (response.statusCode() != 200) {
            throw new IOException(status + " answered HTTP " + response.statusCode());
        }
        return parse(response.body(), status);
    }

    /**
     * Reads it from the text of a {@code /status}, which came from {@code source}.
     *
     * @throws IOException if the text is not JSON, or has no cluster object of the expected shape
     */
    static ClusterStanding parse(String json, URI source) throws IOException {
        JsonNode cluster = JSON.readTree(json).path("cluster");
        if (!cluster.isObject()) {
            throw new IOException(source + " has no \"cluster\" object: is the tracker in cluster mode?");
        }
        for (String field : new String[] {"instance", "instances", "degraded", "lagMillis", "remotePeers",
                "queuedChanges"}) {
            if (cluster.path(field).isMissingNode()) {
                throw new IOException("the cluster object of " + source + " has no " + field + ": " + cluster);
            }
        }
        return new ClusterStanding(cluster.get("instance").asText(), cluster.get("instances").size(),
                cluster.get("degraded").asBoolean(), cluster.get("lagMillis").asLong(),
                cluster.get("remotePeers").asInt(), cluster.get("queuedChanges").asInt());
    }
}
