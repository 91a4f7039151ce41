package dev.p2pshare.peer.folder;

import dev.p2pshare.protocol.FileEntry;
import dev.p2pshare.protocol.FileId;
import dev.p2pshare.protocol.Printable;
import dev.p2pshare.protocol.transport.ConnectionThreads;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps what the peer shares in step with its folder while it runs: files added, changed or
 * removed there, by the peer or by any other program, are shared or withdrawn and the tracker is
 * told, within about a second.
 *
 * <p>The folder and its subfolders are watched ({@link WatchService}); after a burst of changes
 * settles, the folder is scanned again (cheap for known files: their hashes are cached by size and
 * time) and compared with what was shared. A file changed in the last {@link #SETTLE} is left for
 * the next scan, so that a file still being written is not announced half-written. A full scan
 * also runs every {@link #RESCAN}, for changes a watch can miss (an overflow, a file system
 * without notifications).
 *
 * <p>A changed file gets a new id, and its old id is withdrawn unless another path still has those
 * bytes. Every name a file has in the folder is announced: copies and hard links are found under
 * each of their names.
 */
public final class FolderWatcher implements Closeable {

    /** How long a file must be unchanged before it is shared. */
    static final Duration SETTLE = Duration.ofMillis(500);
    /** How long a burst of changes may go on before the folder is scanned. */
    static final Duration QUIET = Duration.ofMillis(150);
    /** How often the folder is scanned with no change seen. */
    static final Duration RESCAN = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(FolderWatcher.class);

    /** Tells the tracker what changed; the future completes when it has taken it. */
    @FunctionalInterface
    public interface Announcer {
        CompletableFuture<Void> announce(List<FileEntry> added, List<FileId> removed);
    }

    private final FolderScanner scanner;
    private final SharedFiles files;
    private final Announcer announcer;
    private final WatchService watch;
    private final Set<Path> watched = new HashSet<>();
    private Thread thread;
    private Map<String, SharedFile> known;
    private volatile boolean closed;

    private FolderWatcher(FolderScanner scanner, SharedFiles files, Announcer announcer, WatchService watch,
            List<SharedFile> initial) {
        this.scanner = scanner;
        this.files = files;
        this.announcer = announcer;
        this.watch = watch;
        this.known = byPath(initial);
    }

    /**
     * Starts watching, from the files the start-up scan found ({@code initial}, already shared and
     * announced).
     */
    public static FolderWatcher start(FolderScanner scanner, SharedFiles files, Announcer announcer,
            List<SharedFile> initial, List<Path> folders) throws IOException {
        WatchService watch = FileSystems.getDefault().newWatchService();
        FolderWatcher watcher = new FolderWatcher(scanner, files, announcer, watch, initial);
        watcher.register(folders);
        watcher.thread = ConnectionThreads.startDaemon("folder-watch", watcher::run);
        return watcher;
    }

    @Override
    public void close() {
        closed = true;
        try {
            watch.close();
        } catch (IOException e) {
            log.debug("closing the folder watch failed: {}", Printable.escape(e));
        }
        if (thread != null) {
            thread.interrupt();
        }
    }

    private void run() {
        // A scan soon after the start, whatever happens: a file may have arrived between the
        // start-up scan and the watch. Not at once, so as not to slow the start itself.
        Duration wait = SETTLE;
        while (!closed) {
            try {
                WatchKey key = watch.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
                if (key != null) {
                    drain(key);
                }
                wait = reconcile() ? SETTLE : RESCAN;
            } catch (ClosedWatchServiceException | InterruptedException stopped) {
                return;
            } catch (IOException | RuntimeException e) {
                log.warn("could not scan the folder for changes ({}); trying again in {} s", Printable.escape(e),
                        RESCAN.toSeconds());
                wait = RESCAN;
            }
        }
    }

    /** Takes every event of a burst, until none has come for {@link #QUIET}. */
    private void drain(WatchKey first) throws InterruptedException {
        WatchKey key = first;
        while (key != null) {
            key.pollEvents();
            if (!key.reset()) {
                watched.remove((Path) key.watchable());
            }
            key = watch.poll(QUIET.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Scans the folder, shares what is new or changed, withdraws what is gone or changed, and tells
     * the tracker.
     *
     * @return whether some file was left out as unsettled, so another scan is due soon
     */
    private boolean reconcile() throws IOException {
        long settledBefore = (System.currentTimeMillis() - SETTLE.toMillis()) * 1_000_000L;
        FolderScanner.Result scan = scanner.scan(bytes -> { }, settledBefore);
        register(scan.folders());
        Map<String, SharedFile> now = byPath(scan.files());
        for (String path : scan.unsettled()) {
            SharedFile before = known.get(path);
            if (before != null) {
                // Still the old bytes as far as anyone knows: shared as they were until it settles.
                now.put(path, before);
            }
        }
        Map<FileId, Set<String>> namesBefore = files.namesById();
        // Every shared file is checked, not only those this watcher shared: downloads and 'share'
        // add files too. One whose path has other bytes now, or is gone from the disk, is withdrawn.
        for (SharedFile file : files.list()) {
            SharedFile after = now.get(file.relativePath());
            boolean changed = after != null && !after.id().equals(file.id());
            boolean gone = after == null && !scan.unsettled().contains(file.relativePath())
                    && Files.notExists(file.path(), LinkOption.NOFOLLOW_LINKS);
            if ((changed || gone) && files.remove(file) && gone) {
                log.info("no longer sharing {}: it left the folder", Printable.escape(file.relativePath()));
            }
        }
        for (SharedFile file : now.values()) {
            SharedFile before = known.get(file.relativePath());
            // A file hashed again with the same bytes (its stamp moved: a new link, a chmod) is
            // recorded again, so that it is served with the stamp it has now.
            if (files.add(file) && (before == null || !before.id().equals(file.id()))) {
                log.info("sharing {}: it {} the folder", Printable.escape(file.relativePath()),
                        before == null ? "appeared in" : "changed in");
            }
        }
        List<FileEntry> added = new ArrayList<>();
        List<FileId> removed = new ArrayList<>();
        changesBetween(namesBefore, files.namesById(), added, removed);
        known = now;
        if (!added.isEmpty() || !removed.isEmpty()) {
            announcer.announce(added, removed);
        }
        // After the announcement: saving forces the cache to disk, which can take a while when the
        // disk is busy, and only spares the next start some hashing.
        scanner.saveCache();
        return !scan.unsettled().isEmpty();
    }

    /**
     * What to tell the tracker so that its list goes from {@code before} to {@code after} (each
     * id's names): new names are added; an id that lost a name is removed and added again under
     * the names it keeps, since the tracker withdraws a file by id only.
     */
    private void changesBetween(Map<FileId, Set<String>> before, Map<FileId, Set<String>> after,
            List<FileEntry> added, List<FileId> removed) {
        Set<FileId> ids = new HashSet<>(before.keySet());
        ids.addAll(after.keySet());
        for (FileId id : ids) {
            Set<String> was = before.getOrDefault(id, Set.of());
            Set<String> is = after.getOrDefault(id, Set.of());
            if (was.equals(is)) {
                continue;
            }
            Set<String> announced = new LinkedHashSet<>(is);
            if (!is.containsAll(was)) {
                removed.add(id);
            } else {
                announced.removeAll(was);
            }
            if (!announced.isEmpty()) {
                long size = files.get(id).orElseThrow().size();
                announced.forEach(name -> added.add(new FileEntry(id, name, size)));
            }
        }
    }

    private void register(List<Path> folders) {
        for (Path folder : folders) {
            if (watched.add(folder)) {
                try {
                    folder.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
                            StandardWatchEventKinds.ENTRY_MODIFY);
                } catch (IOException e) {
                    watched.remove(folder);
                    log.debug("cannot watch {} ({}); the periodic scan covers it", Printable.escape(folder),
                            Printable.escape(e));
                }
            }
        }
    }

    private static Map<String, SharedFile> byPath(List<SharedFile> list) {
        Map<String, SharedFile> map = new HashMap<>();
        list.forEach(file -> map.put(file.relativePath(), file));
        return map;
    }
}
