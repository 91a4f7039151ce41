package dev.p2pshare.peer.net;

import dev.p2pshare.protocol.NodeId;
import dev.p2pshare.protocol.storage.DurableWrite;
import dev.p2pshare.protocol.transport.Endpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which tracker id this peer expects at which address, as SSH's {@code known_hosts} does for
 * servers, each address on its own. An id given with {@code --tracker HOST:PORT#ID} is pinned;
 * otherwise the id a tracker proves the first time is trusted and remembered. Either way it is
 * kept in {@value #FILE_NAME} in the folder's state, and a tracker that later proves another id
 * at that address is refused.
 *
 * <p>The file holds one {@code HOST:PORT ID} line per tracker. Thread-safe.
 */
public final class TrackerTrust {

    /** The file's name in the state folder. */
    public static final String FILE_NAME = "known-trackers";

    private static final Logger log = LoggerFactory.getLogger(TrackerTrust.class);

    private final Path file;
    private final Map<String, NodeId> known;
    private final Map<String, NodeId> pinnedForThisRun = new LinkedHashMap<>();

    private TrackerTrust(Path file, Map<String, NodeId> known) {
        this.file = file;
        this.known = known;
    }

    /**
     * The trust kept in {@code stateFolder}, with the id pinned for each of {@code given} that has
     * one as the id expected at its address from now on.
     *
     * @throws IOException if the file cannot be read or written, or a line of it is not
     *     {@code HOST:PORT ID}
     */
    public static TrackerTrust load(Path stateFolder, List<TrackerAddress> given) throws IOException {
        Path file = stateFolder.resolve(FILE_NAME);
        Map<String, NodeId> known = new LinkedHashMap<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            lines = List.of();
        }
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\\s+");
            try {
                if (fields.length != 2) {
                    throw new IllegalArgumentException("expected HOST:PORT ID");
                }
                known.put(Endpoint.parse(fields[0]).toString(), NodeId.parse(fields[1]));
            } catch (IllegalArgumentException e) {
                throw new IOException(file + " line " + (n + 1) + " is not 'HOST:PORT ID' (" + e.getMessage()
                        + "); correct or delete that line", e);
            }
        }
        TrackerTrust trust = new TrackerTrust(file, known);
        for (TrackerAddress tracker : given) {
            if (tracker.id().isPresent()) {
                trust.remember(tracker.endpoint(), tracker.id().get());
            }
        }
        return trust;
    }

    /** The id expected of the tracker at {@code tracker}, or empty if none is known yet. */
    public synchronized Optional<NodeId> expected(Endpoint tracker) {
        NodeId pinned = pinnedForThisRun.get(tracker.toString());
        return Optional.ofNullable(pinned != null ? pinned : known.get(tracker.toString()));
    }

    /** Whether {@code id} is the id trusted at any address, pinned or trusted on first use. */
    public synchronized boolean trusts(NodeId id) {
        return known.containsValue(id);
    }

    /**
     * Expects {@code id} at {@code tracker} until this process ends, without writing it down: for
     * the tracker this peer hosts itself, whose loopback address names another tracker, or none,
     * on another run.
     */
    public synchronized void pinForThisRun(Endpoint tracker, NodeId id) {
        pinnedForThisRun.put(tracker.toString(), Objects.requireNonNull(id, "id"));
    }

    /**
     * Trusts {@code id} at {@code tracker} from now on, as after a first connection to it.
     *
     * @throws IOException if the file cannot be written
     */
    public synchronized void remember(Endpoint tracker, NodeId id) throws IOException {
        Objects.requireNonNull(id, "id");
        NodeId previous = known.put(tracker.toString(), id);
        if (id.equals(previous)) {
            return;
        }
        DurableWrite.replace(file, out -> {
            out.write(("# tracker ids this peer trusts: HOST:PORT ID\n").getBytes(StandardCharsets.UTF_8));
            for (Map.Entry<String, NodeId> entry : known.entrySet()) {
                out.write((entry.getKey() + " " + entry.getValue().hex() + "\n").getBytes(StandardCharsets.UTF_8));
            }
        });
        if (previous == null) {
            log.info("trusting the tracker at {} with id {} from now on", tracker, id.grouped());
        } else {
            log.warn("the tracker at {} is now expected to have id {} (was {})", tracker, id.grouped(),
                    previous.grouped());
        }
    }

    /** Where the trust is kept. */
    public Path file() {
        return file;
    }
}
