package dev.p2pshare.tracker;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.p2pshare.protocol.FileEntry;
import dev.p2pshare.protocol.FileId;
import dev.p2pshare.protocol.NodeId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The shared log's entries and the stored file records, as text: an entry is one JSON object,
 * {@code t} saying which change it is.
 *
 * <pre>
 * {"t":"reg","peer":HEX,"session":S,"name":N,"host":IP,"port":P,"files":[{"id":HEX,"name":N,"size":B}]}
 * {"t":"files","peer":HEX,"session":S,"files":[...added],"removed":[HEX...]}
 * {"t":"part","peer":HEX,"session":S,"file":{"id":HEX,"name":N,"size":B},"chunks":C}
 * {"t":"sub","peer":HEX,"session":S,"presence":true|false}
 * {"t":"end","peer":HEX,"session":S}
 * {"t":"roster","peers":[HEX...]}
 * </pre>
 *
 * A stored file record, the value under a file's id in a peer's files hash, is {@code w|SIZE|NAME}
 * for a whole file or {@code pCHUNKS|SIZE|NAME} for part of one.
 */
final class ClusterLog {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    /** One entry as it is written; fields a kind does not use are null. */
    record Entry(String t, NodeId peer, String session, String name, String host, Integer port, List<FileEntry> files,
            List<FileId> removed, FileEntry file, Integer chunks, Boolean presence, List<NodeId> peers) {
    }

    private ClusterLog() {
    }

    /** The entry for {@code change}. */
    static String encode(ClusterChange change) {
        Entry entry;
        if (change instanceof ClusterChange.Registered r) {
            entry = new Entry("reg", r.peer(), r.session(), r.name(), r.host(), r.port(), r.files(), null, null, null,
                    null, null);
        } else if (change instanceof ClusterChange.FilesChanged f) {
            entry = new Entry("files", f.peer(), f.session(), null, null, null, f.added(), f.removed(), null, null,
                    null, null);
        } else if (change instanceof ClusterChange.Partial p) {
            entry = new Entry("part", p.peer(), p.session(), null, null, null, null, null, p.file(), p.chunks(), null,
                    null);
        } else if (change instanceof ClusterChange.Subscribed s) {
            entry = new Entry("sub", s.peer(), s.session(), null, null, null, null, null, null, null, s.presence(),
                    null);
        } else {
            entry = new Entry("end", change.peer(), change.session(), null, null, null, null, null, null, null, null,
                    null);
        }
        return write(entry);
    }

    /** The entry naming every peer an instance holds. */
    static String roster(List<NodeId> peers) {
        return write(new Entry("roster", null, null, null, null, null, null, null, null, null, null, peers));
    }

    /**
     * The entry read from the log.
     *
     * @throws IllegalArgumentException if it is not an entry this version writes
     */
    static Entry decode(String text) {
        try {
            Entry entry = JSON.readValue(text, Entry.class);
            if (entry.t() == null) {
                throw new IllegalArgumentException("a log entry without a kind");
            }
            return entry;
        } catch (IOException e) {
            throw new IllegalArgumentException("not a log entry: " + e.getMessage(), e);
        }
    }

    /**
     * The change an entry describes.
     *
     * @throws IllegalArgumentException if it is a roster, or not a well-formed change
     */
    static ClusterChange change(Entry e) {
        switch (e.t()) {
            case "reg":
                return new ClusterChange.Registered(e.peer(), e.session(), e.name(), e.host(), e.port(),
                        e.files() == null ? List.of() : e.files());
            case "files":
                return new ClusterChange.FilesChanged(e.peer(), e.session(), e.files() == null ? List.of() : e.files(),
                        e.removed() == null ? List.of() : e.removed());
            case "part":
                return new ClusterChange.Partial(e.peer(), e.session(), e.file(), e.chunks());
            case "sub":
                return new ClusterChange.Subscribed(e.peer(), e.session(), Boolean.TRUE.equals(e.presence()));
            case "end":
                return new ClusterChange.Ended(e.peer(), e.session());
            default:
                throw new IllegalArgumentException("not a change: '" + e.t() + "'");
        }
    }

    /** The stored record of a file a peer holds whole. */
    static String wholeRecord(FileEntry file) {
        return "w|" + file.size() + "|" + file.name();
    }

    /** The stored record of a file a peer holds {@code chunks} chunks of. */
    static String partialRecord(FileEntry file, int chunks) {
        return "p" + chunks + "|" + file.size() + "|" + file.name();
    }

    /**
     * The change that rebuilds a stored file record: a whole file is added to {@code whole}, a
     * partial one returned.
     *
     * @return the partial file's change, or null for a whole one
     * @throws IllegalArgumentException if the record is malformed
     */
    static ClusterChange.Partial readRecord(NodeId peer, String session, String id, String record,
            List<FileEntry> whole) {
        int first = record.indexOf('|');
        int second = first < 0 ? -1 : record.indexOf('|', first + 1);
        if (second < 0) {
            throw new IllegalArgumentException("not a file record: " + record);
        }
        FileEntry file = new FileEntry(FileId.of(id), record.substring(second + 1),
                Long.parseLong(record.substring(first + 1, second)));
        if (record.startsWith("w|")) {
            whole.add(file);
            return null;
        }
        if (!record.startsWith("p")) {
            throw new IllegalArgumentException("not a file record: " + record);
        }
        return new ClusterChange.Partial(peer, session, file, Integer.parseInt(record.substring(1, first)));
    }

    private static String write(Entry entry) {
        try {
            return JSON.writeValueAsString(entry);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a log entry", e);
        }
    }
}
