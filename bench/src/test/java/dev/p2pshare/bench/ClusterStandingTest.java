package dev.p2pshare.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import org.junit.jupiter.api.Test;

class ClusterStandingTest {

    private static final URI SOURCE = URI.create("http://127.0.0.1:1234/status");

    @Test
    void readsTheClusterObjectOfAStatus() throws IOException {
        String status = "{\"peers\":12,\"files\":120,\"cluster\":{\"instance\":\"a1b2\",\"instances\":[\"a1b2\",\"c3d4\","
                + "\"e5f6\"],\"degraded\":false,\"lagMillis\":17,\"remotePeers\":8,\"queuedChanges\":0}}";

        assertThat(ClusterStanding.parse(status, SOURCE)).isEqualTo(new ClusterStanding("a1b2", 3, false, 17, 8, 0));
    }

    @Test
    void aStatusWithoutClusterSaysSo() {
        assertThatThrownBy(() -> ClusterStanding.parse("{\"peers\":12}", SOURCE)).isInstanceOf(IOException.class)
                .hasMessage(SOURCE + " has no \"cluster\" object: is the tracker in cluster mode?");
    }

    @Test
    void aMissingFieldIsNamed() {
        assertThatThrownBy(() -> ClusterStanding.parse("{\"cluster\":{\"instance\":\"a\",\"instances\":[],"
                + "\"degraded\":true,\"lagMillis\":1,\"remotePeers\":0}}", SOURCE)).isInstanceOf(IOException.class)
                .hasMessageStartingWith("the cluster object of " + SOURCE + " has no queuedChanges");
    }
}
