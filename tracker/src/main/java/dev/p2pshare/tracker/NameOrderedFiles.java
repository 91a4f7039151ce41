package dev.p2pshare.tracker;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Files sorted by first name, then id ({@link ListedFile#byFirstName}): one token's files that
 * one peer shares whole under one name, so that a search can read them best first and stop.
 *
 * <p>Changed under the registry's lock, read without one. The files are kept in chunks of at most
 * {@value #MOST_PER_CHUNK}, each an immutable array: adding or removing a file copies one chunk and
 * publishes it in its slot, and only a chunk that splits or empties copies the list of chunks. A
 * reader sees each chunk as it was at some moment while it read.
 */
final class NameOrderedFiles {

    private static final int MOST_PER_CHUNK = 128;
    private static final ListedFile[][] NO_CHUNKS = {};
    private static final VarHandle CHUNK = MethodHandles.arrayElementVarHandle(ListedFile[][].class);

    private volatile ListedFile[][] chunks = NO_CHUNKS;
    private volatile int size;

    /** How many files it holds. */
    int size() {
        return size;
    }

    /** Adds {@code file}, which it must not hold. Under the registry's lock. */
    void add(ListedFile file) {
        ListedFile[][] all = chunks;
        if (all.length == 0) {
            chunks = new ListedFile[][] {{file}};
            size = 1;
            return;
        }
        int at = chunkFor(all, file);
        ListedFile[] chunk = all[at];
        int position = -Arrays.binarySearch(chunk, file, ListedFile::byFirstName) - 1;
        ListedFile[] grown = new ListedFile[chunk.length + 1];
        System.arraycopy(chunk, 0, grown, 0, position);
        grown[position] = file;
        System.arraycopy(chunk, position, grown, position + 1, chunk.length - position);
        if (grown.length <= MOST_PER_CHUNK) {
            CHUNK.setRelease(all, at, grown);
        } else {
            ListedFile[][] split = new ListedFile[all.length + 1][];
            System.arraycopy(all, 0, split, 0, at);
            split[at] = Arrays.copyOfRange(grown, 0, grown.length / 2);
            split[at + 1] = Arrays.copyOfRange(grown, grown.length / 2, grown.length);
            System.arraycopy(all, at + 1, split, at + 2, all.length - at - 1);
            chunks = split;
        }
        size++;
    }

    /** Removes {@code file} if it holds it. Under the registry's lock. */
    void remove(ListedFile file) {
        ListedFile[][] all = chunks;
        if (all.length == 0) {
            return;
        }
        int at = chunkFor(all, file);
        ListedFile[] chunk = all[at];
        int position = Arrays.binarySearch(chunk, file, ListedFile::byFirstName);
        if (position < 0 || chunk[position] != file) {
            return;
        }
        if (chunk.length == 1) {
            ListedFile[][] fewer = new ListedFile[all.length - 1][];
            System.arraycopy(all, 0, fewer, 0, at);
            System.arraycopy(all, at + 1, fewer, at, all.length - at - 1);
            chunks = fewer;
        } else {
            ListedFile[] shrunk = new ListedFile[chunk.length - 1];
            System.arraycopy(chunk, 0, shrunk, 0, position);
            System.arraycopy(chunk, position + 1, shrunk, position, chunk.length - position - 1);
            CHUNK.setRelease(all, at, shrunk);
        }
        size--;
    }

    /** The first chunk whose last file sorts at or after {@code file}, or the last chunk. */
    private static int chunkFor(ListedFile[][] all, ListedFile file) {
        int low = 0;
        int high = all.length - 1;
        while (low < high) {
            int middle = (low + high) >>> 1;
            ListedFile[] chunk = all[middle];
            if (ListedFile.byFirstName(chunk[chunk.length - 1], file) < 0) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    /** Reads files in order, without a lock; the next file or null at the end. */
    static final class Reader {
        private final ListedFile[][] all;
        private int chunkAt = -1;
        private ListedFile[] chunk = {};
        private int position;
        ListedFile current;

        Reader(NameOrderedFiles files) {
            this.all = files.chunks;
        }

        /** Moves to the next file; false at the end. */
        boolean advance() {
            while (position == chunk.length) {
                if (++chunkAt == all.length) {
                    current = null;
                    return false;
                }
                chunk = (ListedFile[]) CHUNK.getAcquire(all, chunkAt);
                position = 0;
            }
            current = chunk[position++];
            return true;
        }
    }

    /**
     * The files of every one of {@code lists} in order, a file that several hold once each time
     * it comes; calls {@code visitor} until it returns false.
     */
    static void inOrder(List<NameOrderedFiles> lists, Visitor visitor) {
        if (lists.size() == 1) {
            Reader reader = new Reader(lists.get(0));
            boolean going = true;
            while (going && reader.advance()) {
                going = visitor.visit(reader.current);
            }
            return;
        }
        PriorityQueue<Reader> next = new PriorityQueue<>(Math.max(1, lists.size()),
                (one, other) -> ListedFile.byFirstName(one.current, other.current));
        List<Reader> readers = new ArrayList<>(lists.size());
        for (NameOrderedFiles list : lists) {
            Reader reader = new Reader(list);
            if (reader.advance()) {
                readers.add(reader);
            }
        }
        next.addAll(readers);
        ListedFile last = null;
        while (!next.isEmpty()) {
            Reader reader = next.poll();
            ListedFile file = reader.current;
            if (reader.advance()) {
                next.add(reader);
            }
            if (file != last) {
                last = file;
                if (!visitor.visit(file)) {
                    return;
                }
            }
        }
    }

    /** Told each file in order. */
    interface Visitor {
        /** Whether to go on. */
        boolean visit(ListedFile file);
    }
}
