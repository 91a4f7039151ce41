package dev.p2pshare.peer.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ChunkPickerTest {

    private static BitSet chunks(int... indices) {
        BitSet set = new BitSet();
        for (int index : indices) {
            set.set(index);
        }
        return set;
    }

    private static BitSet range(int from, int to) {
        BitSet set = new BitSet();
        set.set(from, to);
        return set;
    }

    @Test
    void downloadersStartingTogetherAskAWholeSourceForDifferentChunks() {
        int chunkCount = 1000;
        Set<Integer> first = new HashSet<>();
        Set<Integer> second = new HashSet<>();
        for (Set<Integer> picks : List.of(first, second)) {
            ChunkPicker picker = new ChunkPicker(chunkCount, new BitSet(),
                    new SplittableRandom(picks == first ? 1 : 2));
            picker.sourceHas("seeder", range(0, chunkCount));
            picks.addAll(picker.pick("seeder", 32));
        }
        Set<Integer> both = new HashSet<>(first);
        both.retainAll(second);
        // Two runs in index order from random starts would share every chunk once one caught up.
        assertThat(first).hasSize(32);
        assertThat(both).hasSizeLessThanOrEqualTo(3);
        assertThat(first.stream().mapToInt(Integer::intValue).max().getAsInt()
                - first.stream().mapToInt(Integer::intValue).min().getAsInt()).isGreaterThan(32);
        // Not a run in index order, wrapping round or not: few picks have their successor picked too.
        long followed = first.stream().filter(index -> first.contains((index + 1) % chunkCount)).count();
        assertThat(followed).isLessThanOrEqualTo(4);
    }

    @Test
    void chunksOnlyOneSourceHasComeFirst() {
        ChunkPicker picker = new ChunkPicker(10, new BitSet());
        Object everything = "everything";
        Object half = "half";
        picker.sourceHas(everything, range(0, 10));
        picker.sourceHas(half, range(0, 5));
        assertThat(picker.pick(everything, 5)).containsExactlyInAnyOrder(5, 6, 7, 8, 9);
        assertThat(picker.pick(half, 5)).containsExactlyInAnyOrder(0, 1, 2, 3, 4);
    }

    @Test
    void chunksAlreadyHereOrAskedForAreNotPickedTwiceBeforeTheEndGame() {
        ChunkPicker picker = new ChunkPicker(8, chunks(0, 1));
        Object a = "a";
        Object b = "b";
        picker.sourceHas(a, range(0, 8));
        picker.sourceHas(b, range(0, 8));
        List<Integer> first = picker.pick(a, 3);
        List<Integer> second = picker.pick(b, 3);
        Set<Integer> picked = new HashSet<>(first);
        picked.addAll(second);
        assertThat(picked).hasSize(6).doesNotContain(0, 1);
    }

    @Test
    void inTheEndGameASecondSourceIsAskedForChunksStillInFlight() {
        ChunkPicker picker = new ChunkPicker(4, chunks(0, 1));
        Object slow = "slow";
        Object fast = "fast";
        picker.sourceHas(slow, range(0, 4));
        picker.sourceHas(fast, range(0, 4));
        assertThat(picker.pick(slow, 4)).containsExactlyInAnyOrder(2, 3);
        assertThat(picker.pick(fast, 4)).containsExactlyInAnyOrder(2, 3);
        Object third = "third";
        picker.sourceHas(third, range(0, 4));
        assertThat(picker.pick(third, 4)).as("at most two copies in flight").isEmpty();

        assertThat(picker.received(fast, 2)).isTrue();
        assertThat(picker.received(slow, 2)).as("the slow copy arrives second").isFalse();
        assertThat(picker.missingCount()).isEqualTo(1);
    }

    @Test
    void releasedAndAbandonedRequestsCanBePickedAgain() {
        ChunkPicker picker = new ChunkPicker(2, new BitSet());
        Object a = "a";
        Object b = "b";
        picker.sourceHas(a, range(0, 2));
        picker.sourceHas(b, chunks(0));
        assertThat(picker.pick(a, 2)).containsExactlyInAnyOrder(0, 1);
        picker.released(a, 0);
        assertThat(picker.pick(b, 2)).containsExactly(0);
        picker.sourceGone(a);
        Object c = "c";
        picker.sourceHas(c, range(0, 2));
        assertThat(picker.pick(c, 2)).containsExactly(1);
    }

    @Test
    void sourcesWithNothingMissingAreNotUseful() {
        ChunkPicker picker = new ChunkPicker(4, chunks(0, 1));
        picker.sourceHas("behind", chunks(0, 1));
        assertThat(picker.usefulSources()).isZero();
        picker.sourceHas("ahead", chunks(3));
        assertThat(picker.usefulSources()).isEqualTo(1);
        assertThat(picker.knownSources()).isEqualTo(2);
    }
}
