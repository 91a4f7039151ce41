package dev.p2pshare.peer.transfer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;

/**
 * Decides which chunk each source is asked for next, for one download.
 *
 * <p>Rarest first: among the chunks a source has and nobody has been asked for yet, the ones the
 * fewest known sources have come first, so that chunks only one source holds are fetched while it
 * is there, and downloaders of the same file end up with different chunks to give each other.
 * Between equally rare chunks the order is random, one shuffle per download: downloaders that
 * start together then rarely ask a seeder for the same chunk, where runs in index order from
 * random starting points catch up with each other and are sent twice.
 *
 * <p>End game: once every missing chunk has been asked for, a source with room in its window is
 * asked for chunks already requested from others, so that one slow source cannot hold back the
 * end of the download. Whichever copy arrives first counts.
 *
 * <p>Thread-safe; one per download, shared by its source workers.
 */
final class ChunkPicker {

    /** How many sources a chunk may be asked of at once in the end game. */
    private static final int END_GAME_COPIES = 2;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final int chunkCount;
    /** The chunk indices in the order ties are broken: a random permutation. */
    private final int[] order;
    private final BitSet missing;
    private final int[] availability;
    private final int[] requested;
    private final Map<Object, BitSet> sourceHaves = new HashMap<>();
    private final Map<Object, BitSet> sourceRequests = new HashMap<>();

    /** A picker for a file of {@code chunkCount} chunks of which {@code have} are already verified. */
    ChunkPicker(int chunkCount, BitSet have) {
        this(chunkCount, have, ThreadLocalRandom.current());
    }

    /** As {@link #ChunkPicker(int, BitSet)}, breaking ties in an order drawn from {@code random}. */
    ChunkPicker(int chunkCount, BitSet have, RandomGenerator random) {
        this.chunkCount = chunkCount;
        this.order = shuffled(chunkCount, random);
        this.missing = new BitSet(chunkCount);
        missing.set(0, chunkCount);
        missing.andNot(have);
        this.availability = new int[chunkCount];
        this.requested = new int[chunkCount];
    }

    /** Learns which chunks {@code source} has (again, if it was known), for rarity and picking. */
    void sourceHas(Object source, BitSet have) {
        lock.lock();
        try {
            BitSet previous = sourceHaves.put(source, (BitSet) have.clone());
            adjust(previous, -1);
            adjust(have, +1);
            sourceRequests.computeIfAbsent(source, key -> new BitSet(chunkCount));
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Forgets {@code source}: its chunks no longer count, its requests are open to others. */
    void sourceGone(Object source) {
        lock.lock();
        try {
            adjust(sourceHaves.remove(source), -1);
            BitSet asked = sourceRequests.remove(source);
            if (asked != null) {
                for (int i = asked.nextSetBit(0); i >= 0; i = asked.nextSetBit(i + 1)) {
                    requested[i]--;
                }
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Up to {@code max} chunks to ask {@code source} for, which are then counted as requested
     * from it until {@link #received} or {@link #released}. Empty when it has nothing useful.
     */
    List<Integer> pick(Object source, int max) {
        lock.lock();
        try {
            BitSet has = sourceHaves.get(source);
            BitSet asked = sourceRequests.get(source);
            List<Integer> picked = new ArrayList<>();
            if (has == null || max <= 0) {
                return picked;
            }
            BitSet candidates = (BitSet) missing.clone();
            candidates.and(has);
            candidates.andNot(asked);
            int allowedRequests = endGame() ? END_GAME_COPIES : 1;
            int rarest = Integer.MAX_VALUE;
            for (int i = candidates.nextSetBit(0); i >= 0; i = candidates.nextSetBit(i + 1)) {
                if (requested[i] < allowedRequests) {
                    rarest = Math.min(rarest, availability[i]);
                }
            }
            // Rarest first; chunks of equal rarity in the shuffled order.
            for (int level = rarest; picked.size() < max && level <= sourceHaves.size(); level++) {
                for (int step = 0; step < chunkCount && picked.size() < max; step++) {
                    int i = order[step];
                    if (candidates.get(i) && availability[i] == level && requested[i] < allowedRequests) {
                        picked.add(i);
                    }
                }
            }
            for (int i : picked) {
                asked.set(i);
                requested[i]++;
            }
            return picked;
        } finally {
            lock.unlock();
        }
    }

    /** Chunk {@code index} arrived from {@code source}, verified; true if it was still missing. */
    boolean received(Object source, int index) {
        lock.lock();
        try {
            unask(source, index);
            boolean wasMissing = missing.get(index);
            missing.clear(index);
            changed.signalAll();
            return wasMissing;
        } finally {
            lock.unlock();
        }
    }

    /** The request for chunk {@code index} from {@code source} will not be answered with it. */
    void released(Object source, int index) {
        lock.lock();
        try {
            unask(source, index);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Whether {@code index} is still missing (an end-game duplicate may have arrived first). */
    boolean isMissing(int index) {
        lock.lock();
        try {
            return missing.get(index);
        } finally {
            lock.unlock();
        }
    }

    /** How many sources have said which chunks they have. */
    int knownSources() {
        lock.lock();
        try {
            return sourceHaves.size();
        } finally {
            lock.unlock();
        }
    }

    /** How many known sources have at least one chunk that is still missing. */
    int usefulSources() {
        lock.lock();
        try {
            int useful = 0;
            for (BitSet has : sourceHaves.values()) {
                if (has.intersects(missing)) {
                    useful++;
                }
            }
            return useful;
        } finally {
            lock.unlock();
        }
    }

    /** How many chunks are still missing. */
    int missingCount() {
        lock.lock();
        try {
            return missing.cardinality();
        } finally {
            lock.unlock();
        }
    }

    /** Waits up to {@code timeout} for something to change: a chunk arrived, a source came or went. */
    void awaitChange(Duration timeout) throws InterruptedException {
        lock.lock();
        try {
            changed.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } finally {
            lock.unlock();
        }
    }

    /** Whether every missing chunk has been asked for: then chunks may be asked of a second source. */
    private boolean endGame() {
        for (int i = missing.nextSetBit(0); i >= 0; i = missing.nextSetBit(i + 1)) {
            if (requested[i] == 0) {
                return false;
            }
        }
        return true;
    }

    /** 0 to {@code count} - 1 in an order drawn from {@code random} (Fisher–Yates). */
    private static int[] shuffled(int count, RandomGenerator random) {
        int[] indices = new int[count];
        for (int i = 0; i < count; i++) {
            indices[i] = i;
        }
        for (int i = count - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = indices[i];
            indices[i] = indices[j];
            indices[j] = swap;
        }
        return indices;
    }

    private void unask(Object source, int index) {
        BitSet asked = sourceRequests.get(source);
        if (asked != null && asked.get(index)) {
            asked.clear(index);
            requested[index]--;
        }
    }

    private void adjust(BitSet have, int delta) {
        if (have == null) {
            return;
        }
        for (int i = have.nextSetBit(0); i >= 0 && i < chunkCount; i = have.nextSetBit(i + 1)) {
            availability[i] += delta;
        }
    }
}
