package dev.p2pshare.tracker;

import dev.p2pshare.protocol.FileId;
import java.security.SecureRandom;
import java.util.AbstractSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A set of file ids kept as their 32 bytes, four longs to an id in one open-addressed array
 * (linear probing, always one slot free),
 * rather than as {@link FileId} objects with their 64-character strings: a peer's list of what it
 * shares, which the tracker holds for every file of every peer. Ids it returns are made anew.
 *
 * <p>Not thread-safe. Its iterator does not remove; {@link #clear} empties it.
 */
final class FileIdSet extends AbstractSet<FileId> {

    private static final HexFormat HEX = HexFormat.of();
    private static final int LONGS = 4;
    private static final int FIRST_CAPACITY = 4;
    /** Up to this many slots, a full scan of them is as cheap as a short probe. */
    private static final int SMALL = 16;
    private static final long HASH_KEY = new SecureRandom().nextLong();

    /** Slot {@code i} holds {@code ids[4i .. 4i+3]} when bit {@code i} of {@code used} is set. */
    private long[] ids = new long[0];
    private long[] used = new long[0];
    private int size;

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean contains(Object object) {
        return object instanceof FileId id && slotOf(toLongs(id)) >= 0;
    }

    @Override
    public boolean add(FileId id) {
        long[] wanted = toLongs(id);
        if (slotOf(wanted) >= 0) {
            return false;
        }
        if (size + 1 > mostHeld(capacity())) {
            grow();
        }
        put(wanted);
        size++;
        return true;
    }

    @Override
    public boolean remove(Object object) {
        if (!(object instanceof FileId id)) {
            return false;
        }
        int slot = slotOf(toLongs(id));
        if (slot < 0) {
            return false;
        }
        size--;
        // Linear probing: move later ids of the run back into the hole, so lookups never stop early.
        int capacity = capacity();
        int hole = slot;
        int next = (hole + 1) % capacity;
        while (isUsed(next)) {
            int home = home(next * LONGS, capacity);
            boolean movable = hole <= next ? home <= hole || home > next : home <= hole && home > next;
            if (movable) {
                System.arraycopy(ids, next * LONGS, ids, hole * LONGS, LONGS);
                hole = next;
            }
            next = (next + 1) % capacity;
        }
        used[hole >>> 6] &= ~(1L << hole);
        return true;
    }

    @Override
    public void clear() {
        ids = new long[0];
        used = new long[0];
        size = 0;
    }

    @Override
    public Iterator<FileId> iterator() {
        return new Iterator<>() {
            private int slot = nextUsed(0);

            @Override
            public boolean hasNext() {
                return slot < capacity();
            }

            @Override
            public FileId next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int at = slot * LONGS;
                FileId id = new FileId(HEX.toHexDigits(ids[at]) + HEX.toHexDigits(ids[at + 1])
                        + HEX.toHexDigits(ids[at + 2]) + HEX.toHexDigits(ids[at + 3]));
                slot = nextUsed(slot + 1);
                return id;
            }
        };
    }

    private int nextUsed(int from) {
        int slot = from;
        while (slot < capacity() && !isUsed(slot)) {
            slot++;
        }
        return slot;
    }

    /**
     * How many ids {@code capacity} slots hold before growing: all but one while few, so that a
     * peer's ten files take eleven slots; four fifths when many, so that probes stay short.
     */
    private static int mostHeld(int capacity) {
        return capacity <= SMALL ? capacity - 1 : capacity / 5 * 4;
    }

    private int capacity() {
        return ids.length / LONGS;
    }

    private boolean isUsed(int slot) {
        return (used[slot >>> 6] & (1L << slot)) != 0;
    }

    /** The slot holding {@code wanted}, or -1. */
    private int slotOf(long[] wanted) {
        int capacity = capacity();
        if (capacity == 0) {
            return -1;
        }
        for (int slot = home(wanted, capacity); isUsed(slot); slot = (slot + 1) % capacity) {
            int at = slot * LONGS;
            if (ids[at] == wanted[0] && ids[at + 1] == wanted[1] && ids[at + 2] == wanted[2] && ids[at + 3] == wanted[3]) {
                return slot;
            }
        }
        return -1;
    }

    private void put(long[] id) {
        int capacity = capacity();
        int slot = home(id, capacity);
        while (isUsed(slot)) {
            slot = (slot + 1) % capacity;
        }
        System.arraycopy(id, 0, ids, slot * LONGS, LONGS);
        used[slot >>> 6] |= 1L << slot;
    }

    private void grow() {
        long[] oldIds = ids;
        long[] oldUsed = used;
        int oldCapacity = capacity();
        int capacity = Math.max(FIRST_CAPACITY, oldCapacity + (oldCapacity >> 1) + 1);
        ids = new long[capacity * LONGS];
        used = new long[(capacity + 63) >>> 6];
        long[] id = new long[LONGS];
        for (int slot = 0; slot < oldCapacity; slot++) {
            if ((oldUsed[slot >>> 6] & (1L << slot)) != 0) {
                System.arraycopy(oldIds, slot * LONGS, id, 0, LONGS);
                put(id);
            }
        }
    }

    private int home(int at, int capacity) {
        return home(ids[at], ids[at + 1], ids[at + 2], ids[at + 3], capacity);
    }

    private static int home(long[] id, int capacity) {
        return home(id[0], id[1], id[2], id[3], capacity);
    }

    private static int home(long id0, long id1, long id2, long id3, int capacity) {
        // Ids ought to be hashes, but a peer may announce any: a keyed mix of all of it keeps
        // crafted ids from piling up in one run.
        long hash = mix(id0 ^ HASH_KEY);
        hash = mix(hash ^ id1);
        hash = mix(hash ^ id2);
        hash = mix(hash ^ id3);
        return (int) Long.remainderUnsigned(hash, capacity);
    }

    private static long mix(long value) {
        long mixed = (value ^ (value >>> 33)) * 0xff51afd7ed558ccdL;
        mixed = (mixed ^ (mixed >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return mixed ^ (mixed >>> 33);
    }

    private static long[] toLongs(FileId id) {
        String hex = id.hex();
        return new long[] {HEX.fromHexDigitsToLong(hex, 0, 16), HEX.fromHexDigitsToLong(hex, 16, 32),
            HEX.fromHexDigitsToLong(hex, 32, 48), HEX.fromHexDigitsToLong(hex, 48, 64)};
    }
}
