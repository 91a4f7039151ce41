package dev.p2pshare.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live heap of a tracker, read from outside with {@code jcmd}, and the share of it each
 * session holds: the live heap with the sessions open (registered, and idle since their last
 * answer) less the live heap before any opened, divided by their number. That share is
 * everything a session keeps: its buffers, the TLS connection's, its thread (a virtual thread's
 * parked stack is on the heap; a platform thread's is not), its registration and its files in the
 * index.
 */
final class SessionHeap {

    /** The heap's line: "total 3145728K, used 12345K" in JDK 17, "total reserved …K, committed …K, used …K" in JDK 25. */
    private static final Pattern USED = Pattern.compile("heap .*total .*used (\\d+)K");

    private SessionHeap() {
    }

    /**
     * The heap live in JVM {@code pid}, in bytes: {@code jcmd GC.heap_info} after
     * {@code jcmd GC.run}; empty if it cannot tell.
     */
    static OptionalLong live(long pid, Path java, Workspace workspace) throws IOException {
        Path jcmd = java.resolveSibling("jcmd");
        if (!Files.isExecutable(jcmd)) {
            return OptionalLong.empty();
        }
        try (ChildProcess collect = ChildProcess.start("jcmd", List.of(jcmd.toString(), String.valueOf(pid), "GC.run"),
                workspace.root(), workspace.logFolder("tracker-gc"))) {
            collect.awaitExit(Duration.ofSeconds(60));
        }
        try (ChildProcess info = ChildProcess.start("jcmd", List.of(jcmd.toString(), String.valueOf(pid), "GC.heap_info"),
                workspace.root(), workspace.logFolder("tracker-heap"))) {
            info.awaitExit(Duration.ofSeconds(30));
            info.awaitEndOfOutput(Duration.ofSeconds(30));
            Optional<Matcher> used = info.lines().stream()
                    .map(line -> USED.matcher(line.text()))
                    .filter(Matcher::find).findFirst();
            return used.map(matcher -> OptionalLong.of(Long.parseLong(matcher.group(1)) * 1024))
                    .orElse(OptionalLong.empty());
        }
    }

    /** The live heap each of {@code sessions} adds, in KB (1,000 bytes), or {@code ?} if either reading is missing. */
    static String perSession(OptionalLong before, OptionalLong after, int sessions) {
        if (before.isEmpty() || after.isEmpty()) {
            return "?";
        }
        return String.format(Locale.ROOT, "%.1f KB", (after.getAsLong() - before.getAsLong()) / 1000.0 / sessions);
    }
}
