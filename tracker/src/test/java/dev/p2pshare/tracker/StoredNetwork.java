package dev.p2pshare.tracker;

import dev.p2pshare.protocol.FileId;
import dev.p2pshare.protocol.NodeId;
import dev.p2pshare.protocol.testkit.RedisServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a cluster's Redis holds for one network, read with plain commands and put in the words of
 * {@link Tracker#view()}, so that a test can hold the store against the instances. Sets and maps are sorted:
 * two reads of an unchanged store are equal and print the same.
 *
 * @param listings one line per peer record: its short id, its session, then each file it holds as
 *     {@code SHORTID:w} (whole) or {@code SHORTID:pCHUNKS} (in part), in order of id
 * @param recordsByOwner the short ids of the peer records, by the instance each names as its owner
 * @param owned the short ids in each instance's set of the peers it owns, by instance
 * @param leases the instances holding a lease
 * @param strayFiles the short ids of peers that have a files hash but no record
 */
record StoredNetwork(Set<String> listings, Map<String, Set<String>> recordsByOwner, Map<String, Set<String>> owned,
        Set<String> leases, Set<String> strayFiles) {

    /**
     * Reads the keys under {@code prefix} ({@code p2ps:{NETWORK}:}) from {@code redis}. Every name,
     * session and file record is expected to be printable ASCII, as the tests write them.
     */
    static StoredNetwork read(RedisServer redis, String prefix) throws IOException {
        Set<String> listings = new TreeSet<>();
        Map<String, Set<String>> recordsByOwner = new TreeMap<>();
        Set<String> recorded = new TreeSet<>();
        for (String key : strings(redis.command("KEYS", prefix + "peer:*"))) {
            String peer = key.substring((prefix + "peer:").length());
            Map<String, String> record = pairs(strings(redis.command("HGETALL", key)));
            if (record.isEmpty()) {
                // Gone between KEYS and HGETALL: the store is still changing (a peer left or was
                // reaped), and a caller polling for a settled store reads it again.
                continue;
            }
            StringBuilder line = new StringBuilder(shortPeer(peer)).append(' ').append(record.get("sess"));
            Map<String, String> files = pairs(strings(redis.command("HGETALL", prefix + "files:" + peer)));
            new TreeSet<>(files.keySet()).forEach(id -> line.append(' ').append(FileId.of(id).shortHex()).append(':')
                    .append(holding(files.get(id))));
            listings.add(line.toString());
            recordsByOwner.computeIfAbsent(record.get("inst"), any -> new TreeSet<>()).add(shortPeer(peer));
            recorded.add(peer);
        }
        Map<String, Set<String>> owned = new TreeMap<>();
        for (String key : strings(redis.command("KEYS", prefix + "owned:*"))) {
            Set<String> peers = new TreeSet<>();
            strings(redis.command("SMEMBERS", key)).forEach(peer -> peers.add(shortPeer(peer)));
            owned.put(key.substring((prefix + "owned:").length()), peers);
        }
        Set<String> strayFiles = new TreeSet<>();
        for (String key : strings(redis.command("KEYS", prefix + "files:*"))) {
            String peer = key.substring((prefix + "files:").length());
            if (!recorded.contains(peer)) {
                strayFiles.add(shortPeer(peer));
            }
        }
        Set<String> leases = new TreeSet<>(strings(redis.command("ZRANGE", prefix + "lease", "0", "-1")));
        return new StoredNetwork(listings, recordsByOwner, owned, leases, strayFiles);
    }

    /** {@code w|SIZE|NAME} as {@code w}, {@code pCHUNKS|SIZE|NAME} as {@code pCHUNKS}. */
    private static String holding(String record) {
        return record.substring(0, record.indexOf('|'));
    }

    private static String shortPeer(String hex) {
        return NodeId.of(hex).shortHex();
    }

    private static Map<String, String> pairs(List<String> flat) {
        Map<String, String> pairs = new TreeMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            pairs.put(flat.get(i), flat.get(i + 1));
        }
        return pairs;
    }

    /** The bulk strings of an array reply, exactly as {@link RedisServer#command} returns it. */
    private static List<String> strings(String reply) throws IOException {
        String[] lines = reply.split("\r\n", -1);
        if (!lines[0].startsWith("*")) {
            throw new IOException("not an array reply: " + reply.strip());
        }
        int count = Integer.parseInt(lines[0].substring(1));
        List<String> strings = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String header = lines[1 + 2 * i];
            String value = lines[2 + 2 * i];
            if (!header.equals("$" + value.getBytes(StandardCharsets.UTF_8).length)) {
                throw new IOException("not a bulk string of printable text: " + header + " " + value);
            }
            strings.add(value);
        }
        return strings;
    }
}
