package dev.p2pshare.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.p2pshare.protocol.Bitfields;
import dev.p2pshare.protocol.FileEntry;
import dev.p2pshare.protocol.FileId;
import dev.p2pshare.protocol.Manifest;
import dev.p2pshare.protocol.Message;
import dev.p2pshare.protocol.NodeId;
import dev.p2pshare.protocol.testkit.RedisServer;
import dev.p2pshare.protocol.tls.NodeIdentity;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple.Tuple2;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Three tracker instances sharing one real Redis agree whatever their peers do: random sequences of
 * registrations (a peer of a small pool, on a random instance, with files of a small pool), files
 * announced whole, in part and dropped, peers leaving by unregistering or by closing the connection,
 * and instances killed and replaced by new ones. Once the changes have spread and the dead
 * instances' leases have run out, every running instance lists the same peers, sessions and files;
 * Redis holds just that; and each online peer, as the test's model of the sequence has it, is held
 * by the instance it last registered with, and by no other.
 *
 * <p>One Redis serves every try, emptied before each. The actions wait for the tracker's answer, as
 * a peer would, but not for the change to reach the other instances: the next action races it.
 */
class ClusterPropertyTest {

    private static final Duration LEASE = Duration.ofSeconds(2);
    /** How long the instances and Redis may take to settle after the last action, on a busy machine. */
    private static final Duration SETTLES_WITHIN = Duration.ofSeconds(20);
    /** How many polls, 100 ms apart, must find nothing changed before the network counts as settled. */
    private static final int QUIET_POLLS = 5;
    private static final String PREFIX = "p2ps:{test}:";
    private static final int INSTANCES = 3;
    private static final int WHOLE = -1;
    private static final List<NodeIdentity> PEERS = IntStream.range(0, 4)
            .mapToObj(i -> NodeIdentity.generate("peer" + i)).toList();
    /** Files of 4 to 16 chunks, whose ids start aaaa…, bbbb…: told apart by their short ids too. */
    private static final List<FileEntry> FILES = IntStream.range(0, 5)
            .mapToObj(i -> new FileEntry(FileId.of(Integer.toHexString(10 + i).repeat(64)), "file-" + i + ".bin",
                    3L * (i + 1) * Manifest.CHUNK_SIZE + 17))
            .toList();
    private static final Pattern HELD_FILE = Pattern.compile(
            " ([0-9a-f]{12}):(?:\\d+:Holding\\[names=\\[[^]]*], complete=(true|false), chunks=(\\d+)]|unlisted)");

    private static RedisServer redis;

    /** What a peer of the pool does, or what befalls an instance. */
    sealed interface Action permits Register, Announce, AnnouncePartial, Leave, Kill {
    }

    /** The peer connects to {@code instance} and registers with {@code files}, then closes any older connection. */
    record Register(int peer, int instance, Set<Integer> files) implements Action {
    }

    /** The peer, if online, drops {@code removed} and then shares {@code added} whole. */
    record Announce(int peer, Set<Integer> added, Set<Integer> removed) implements Action {
    }

    /** The peer, if online, has the first {@code chunks} chunks of {@code file}. */
    record AnnouncePartial(int peer, int file, int chunks) implements Action {
    }

    /** The peer, if online, unregisters and closes its connection, or only closes it. */
    record Leave(int peer, boolean unregister) implements Action {
    }

    /** The instance stops without a word to the others and a new one starts in its place. */
    record Kill(int instance) implements Action {
    }

    /** Where a peer is online in the model, and its files: chunk counts, or {@link #WHOLE}. */
    private record Online(int instance, Map<Integer, Integer> files) {
    }

    @BeforeContainer
    static void startRedis() throws IOException {
        redis = RedisServer.start();
    }

    @AfterContainer
    static void stopRedis() throws IOException, InterruptedException {
        if (redis != null) {
            redis.close();
        }
    }

    @Property(tries = 10, edgeCases = EdgeCasesMode.NONE)
    void runningInstancesRedisAndTheModelAgree(@ForAll("actions") List<Action> actions) throws IOException {
        assertThat(redis.command("FLUSHALL")).isEqualTo("+OK\r\n");
        try (Network network = new Network()) {
            for (Action action : actions) {
                network.apply(action);
            }
            network.awaitSettled();
            network.check();
        }
    }

    @Provide
    Arbitrary<List<Action>> actions() {
        Arbitrary<Integer> peer = Arbitraries.integers().between(0, PEERS.size() - 1);
        Arbitrary<Integer> instance = Arbitraries.integers().between(0, INSTANCES - 1);
        Arbitrary<Integer> file = Arbitraries.integers().between(0, FILES.size() - 1);
        Arbitrary<Set<Integer>> files = file.set().ofMaxSize(3);
        return Arbitraries.frequencyOf(
                weighted(6, Combinators.combine(peer, instance, files).as(Register::new)),
                weighted(3, Combinators.combine(peer, files, files).as(Announce::new)),
                weighted(2, Combinators.combine(peer, file, Arbitraries.integers().between(0, 3))
                        .as(AnnouncePartial::new)),
                weighted(2, Combinators.combine(peer, Arbitraries.of(true, false)).as(Leave::new)),
                weighted(1, instance.map(Kill::new)))
                .list().ofMinSize(1).ofMaxSize(25);
    }

    private static Tuple2<Integer, Arbitrary<? extends Action>> weighted(int weight, Arbitrary<? extends Action> actions) {
        return Tuple.of(weight, actions);
    }

    /** The instances of one try, the peers' connections, and the model of who is online where. */
    private static final class Network implements AutoCloseable {

        private final Tracker[] instances = new Tracker[INSTANCES];
        private final TrackerClient[] connections = new TrackerClient[PEERS.size()];
        private final Map<Integer, Online> online = new HashMap<>();
        private String lastSeen = "";
        private String lastStatuses = "";
        private int quietPolls;

        Network() throws IOException {
            try {
                for (int i = 0; i < INSTANCES; i++) {
                    instances[i] = startInstance();
                }
            } catch (IOException | RuntimeException e) {
                close();
                throw e;
            }
        }

        void apply(Action action) throws IOException {
            if (action instanceof Register register) {
                TrackerClient client = TrackerClient.connect(instances[register.instance()].port(),
                        PEERS.get(register.peer()));
                try {
                    client.hello();
                    client.register("peer" + register.peer(), 7000 + register.peer(), entries(register.files()));
                } catch (IOException | RuntimeException e) {
                    client.close();
                    throw e;
                }
                disconnect(register.peer());
                connections[register.peer()] = client;
                Map<Integer, Integer> files = new TreeMap<>();
                register.files().forEach(id -> files.put(id, WHOLE));
                online.put(register.peer(), new Online(register.instance(), files));
                return;
            }
            if (action instanceof Kill kill) {
                instances[kill.instance()].close();
                for (int peer : new ArrayList<>(online.keySet())) {
                    if (online.get(peer).instance() == kill.instance()) {
                        online.remove(peer);
                        disconnect(peer);
                    }
                }
                instances[kill.instance()] = startInstance();
                return;
            }
            int peer = action instanceof Announce announce ? announce.peer()
                    : action instanceof AnnouncePartial partial ? partial.peer() : ((Leave) action).peer();
            Online holder = online.get(peer);
            if (holder == null) {
                return;
            }
            TrackerClient client = connections[peer];
            if (action instanceof Announce announce) {
                client.request(new Message.Announce(List.of(entries(announce.added())),
                        announce.removed().stream().map(id -> FILES.get(id).id()).toList()), Message.Ok.class);
                announce.removed().forEach(holder.files()::remove);
                announce.added().forEach(id -> holder.files().put(id, WHOLE));
            } else if (action instanceof AnnouncePartial partial) {
                FileEntry file = FILES.get(partial.file());
                BitSet have = new BitSet();
                have.set(0, partial.chunks());
                assertThat(client.request(new Message.AnnouncePartial(file), Bitfields.encode(have, file.size())))
                        .as("the answer to %s", action).isEqualTo(new Message.Ok());
                holder.files().merge(partial.file(), partial.chunks(), (old, fresh) -> old == WHOLE ? WHOLE : fresh);
            } else {
                if (((Leave) action).unregister()) {
                    client.request(new Message.Unregister(), Message.Ok.class);
                }
                online.remove(peer);
                disconnect(peer);
            }
        }

        /**
         * Waits until no instance has changes left to write or a view left to build, only the
         * running instances hold leases (those of the killed ones ran out and their sessions were
         * ended), and neither the views nor Redis have changed for half a second.
         * Settled is not agreed: {@link #check()} says whether they agree, and a failure shows at
         * once rather than after a timeout, which keeps shrinking quick.
         */
        void awaitSettled() {
            try {
                await().atMost(SETTLES_WITHIN).pollInterval(Duration.ofMillis(100)).until(this::quiet);
            } catch (ConditionTimeoutException e) {
                throw new AssertionError("the network did not settle within " + SETTLES_WITHIN.toSeconds()
                        + " s; last seen:\n" + lastStatuses + lastSeen, e);
            }
        }

        private boolean quiet() throws IOException {
            StringBuilder seen = new StringBuilder();
            StringBuilder statuses = new StringBuilder();
            Set<String> running = new HashSet<>();
            boolean busy = false;
            for (Tracker instance : instances) {
                ClusterStatus status = instance.clusterStatus();
                busy |= status.degraded() || status.queuedChanges() > 0;
                running.add(status.instance());
                statuses.append(status).append('\n');
                seen.append(instance.view()).append('\n');
            }
            StoredNetwork stored = StoredNetwork.read(redis, PREFIX);
            busy |= !stored.leases().equals(running);
            seen.append(stored);
            statuses.append("busy: ").append(busy).append('\n');
            lastStatuses = statuses.toString();
            quietPolls = !busy && seen.toString().equals(lastSeen) ? quietPolls + 1 : 0;
            lastSeen = seen.toString();
            return quietPolls >= QUIET_POLLS;
        }

        /**
         * Every running instance lists the same as the first; Redis holds that, every record owned
         * by a running instance; and each instance holds itself exactly the peers the model puts there.
         */
        void check() throws IOException {
            Set<String> first = listings(instances[0].view());
            for (int i = 1; i < INSTANCES; i++) {
                assertThat(listings(instances[i].view())).as("instance %d's view, against instance 0's", i)
                        .isEqualTo(first);
            }
            StoredNetwork stored = StoredNetwork.read(redis, PREFIX);
            assertThat(stored.listings()).as("the peers, sessions and files in Redis, against the views")
                    .isEqualTo(first);
            Set<String> expected = new HashSet<>();
            Map<String, Set<String>> expectedOwners = new HashMap<>();
            online.forEach((peer, holder) -> {
                String instance = instances[holder.instance()].clusterStatus().instance();
                StringBuilder line = new StringBuilder(PEERS.get(peer).id().shortHex()).append(' ').append(instance);
                holder.files().forEach((id, chunks) -> line.append(' ').append(FILES.get(id).id().shortHex())
                        .append(':').append(chunks == WHOLE ? "w" : "p" + chunks));
                expected.add(line.toString());
                expectedOwners.computeIfAbsent(instance, any -> new HashSet<>()).add(PEERS.get(peer).id().shortHex());
            });
            assertThat(first.stream().map(line -> line.replaceFirst("^(\\S+ \\S+)\\.\\d+", "$1")).collect(
                    Collectors.toSet())).as("the views, each session shown as its instance, against the model")
                    .isEqualTo(expected);
            Set<String> running = new HashSet<>();
            for (int i = 0; i < INSTANCES; i++) {
                String instance = instances[i].clusterStatus().instance();
                running.add(instance);
                assertThat(instances[i].ownPeers().stream().map(NodeId::shortHex).collect(Collectors.toSet()))
                        .as("the peers instance %d holds itself, against the model", i)
                        .isEqualTo(expectedOwners.getOrDefault(instance, Set.of()));
            }
            assertThat(stored.recordsByOwner()).as("the owners Redis names in its records").isEqualTo(expectedOwners);
            assertThat(stored.owned()).as("the sets of the peers each instance owns, in Redis")
                    .isEqualTo(expectedOwners);
            assertThat(stored.strayFiles()).as("files hashes in Redis without their peer's record").isEmpty();
            assertThat(stored.leases()).as("the instances holding a lease, in Redis").isEqualTo(running);
        }

        private void disconnect(int peer) throws IOException {
            if (connections[peer] != null) {
                connections[peer].close();
                connections[peer] = null;
            }
        }

        @Override
        public void close() throws IOException {
            for (int peer = 0; peer < connections.length; peer++) {
                disconnect(peer);
            }
            for (Tracker instance : instances) {
                if (instance != null) {
                    instance.close();
                }
            }
        }
    }

    /** {@link Tracker#view()} in the words of {@link StoredNetwork#listings()}. */
    private static Set<String> listings(String view) {
        Set<String> listings = new HashSet<>();
        for (String line : view.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            String[] fields = line.split(" ", 3);
            StringBuilder listing = new StringBuilder(fields[0]).append(' ').append(fields[1]);
            Matcher file = HELD_FILE.matcher(line);
            while (file.find()) {
                listing.append(' ').append(file.group(1)).append(':').append(file.group(2) == null ? "missing"
                        : file.group(2).equals("true") ? "w" : "p" + file.group(3));
            }
            listings.add(listing.toString());
        }
        return listings;
    }

    private static FileEntry[] entries(Set<Integer> files) {
        return files.stream().sorted().map(FILES::get).toArray(FileEntry[]::new);
    }

    private static Tracker startInstance() throws IOException {
        ClusterSettings settings = new ClusterSettings(URI.create(redis.uri()), null, redis.password().toCharArray(),
                null, LEASE, "test");
        return Tracker.start(new TrackerConfig(InetAddress.getLoopbackAddress(), 0, Duration.ofDays(1),
                Duration.ofHours(1), Clock.systemUTC(), NodeIdentity.generate("tracker"), AllowList.everyone())
                .inCluster(settings));
    }
}
