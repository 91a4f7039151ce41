package dev.p2pshare.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.p2pshare.protocol.FileId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The compact set of a peer's file ids behaves as a {@link HashSet} of them does. */
class FileIdSetTest {

    @Test
    void randomAddsAndRemovesAgreeWithAHashSet() {
        SplittableRandom random = new SplittableRandom(3);
        // Few distinct ids, so that adds meet ids already there and removes find them.
        List<FileId> pool = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            pool.add(FileId.of(String.format("%016x", random.nextLong()).repeat(3) + String.format("%016x", i)));
        }
        FileIdSet compact = new FileIdSet();
        Set<FileId> plain = new HashSet<>();
        for (int step = 0; step < 50_000; step++) {
            FileId id = pool.get(random.nextInt(pool.size()));
            switch (random.nextInt(4)) {
                case 0 -> assertThat(compact.remove(id)).isEqualTo(plain.remove(id));
                case 1 -> assertThat(compact.contains(id)).isEqualTo(plain.contains(id));
                default -> assertThat(compact.add(id)).isEqualTo(plain.add(id));
            }
            assertThat(compact.size()).isEqualTo(plain.size());
            if (step % 5_000 == 0) {
                assertThat(new HashSet<>(compact)).isEqualTo(plain);
            }
        }
        assertThat(new HashSet<>(compact)).isEqualTo(plain);
        compact.clear();
        assertThat(compact).isEmpty();
        assertThat(compact.contains(pool.get(0))).isFalse();
    }

    @Test
    void idsThatDifferOnlyAtTheEndAreDistinct() {
        FileIdSet set = new FileIdSet();
        for (int i = 0; i < 1_000; i++) {
            assertThat(set.add(FileId.of(String.format("%064x", i)))).isTrue();
        }
        assertThat(set).hasSize(1_000).contains(FileId.of(String.format("%064x", 999)));
        assertThat(set.remove(FileId.of(String.format("%064x", 500)))).isTrue();
        assertThat(set).hasSize(999).doesNotContain(FileId.of(String.format("%064x", 500)))
                .contains(FileId.of(String.format("%064x", 501)));
    }
}
