package dev.p2pshare.protocol.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.p2pshare.protocol.transport.Endpoint;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ListeningLineTest {

    @Test
    void trackerLineGivesTheEndpointBeforeTheParenthesis() {
        assertThat(ListeningLine.find("tracker listening on 0.0.0.0:6969 (peers expire after 90 s without a heartbeat)"))
                .contains(new Endpoint("0.0.0.0", 6969));
    }

    @Test
    void peerLineGivesTheEndpointBeforeTheComma() {
        assertThat(ListeningLine.find("peer alice listening on 0.0.0.0:7001, sharing 2 files (1.0 KiB) through the tracker"
                + " at 127.0.0.1:6969")).contains(new Endpoint("0.0.0.0", 7001));
    }

    @Test
    void lineMayEndWithThePort() {
        assertThat(ListeningLine.find("listening on 127.0.0.1:40001")).contains(new Endpoint("127.0.0.1", 40001));
    }

    @Test
    void hostNameIsKept() {
        assertThat(ListeningLine.find("tracker listening on localhost:6969 (peers expire")).contains(
                new Endpoint("localhost", 6969));
    }

    @Test
    void bracketedIpv6AddressLosesItsBrackets() {
        assertThat(ListeningLine.find("tracker listening on [0:0:0:0:0:0:0:1]:6969 (peers expire"))
                .contains(new Endpoint("0:0:0:0:0:0:0:1", 6969));
        assertThat(ListeningLine.find("peer bob listening on [::]:0, sharing")).contains(new Endpoint("::", 0));
    }

    @Test
    void everyEndpointAsTheJarsPrintItIsFoundAgain() throws Exception {
        for (InetSocketAddress bound : new InetSocketAddress[] {
                new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 6969),
                new InetSocketAddress(InetAddress.getByName("::"), 65_535),
                new InetSocketAddress(InetAddress.getByName("::1"), 1),
                new InetSocketAddress(InetAddress.getByName("fe80::1%1"), 7001)}) {
            Endpoint printed = Endpoint.of(bound);

            assertThat(ListeningLine.find("tracker listening on " + printed + " (peers expire")).as("%s", printed)
                    .contains(printed);
            assertThat(ListeningLine.find("peer a listening on " + printed + ", sharing")).as("%s", printed)
                    .contains(printed);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "listening on",
        "listening on 0.0.0.0",
        "listening on 0.0.0.0:",
        "listening on :6969",
        "cannot listen on 0.0.0.0:6969: Address already in use",
        "listening on 0.0.0.0:70000 (peers expire",
        "listening on 0.0.0.0:123456",
        "listening on 0.0.0.0:12ab",
        "listening on ::1:6969",
        "listening on [::1:6969",
        "listening on [::1]6969",
        "listening  on 0.0.0.0:6969",
    })
    void garbageIsNotAListeningLine(String line) {
        assertThat(ListeningLine.find(line)).isEmpty();
    }
}
