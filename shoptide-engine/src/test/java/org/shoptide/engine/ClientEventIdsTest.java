package org.shoptide.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ClientEventIdsTest {

    @Test
    void behavesLikeASetOfStringsUnderSeededRandomAddsAndRemoves() {
        Random r = new Random(5);
        ClientEventIds ids = new ClientEventIds();
        Set<String> reference = new HashSet<>();
        List<String> pool = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            pool.add(i % 3 == 0 ? new UUID(r.nextLong(), r.nextLong()).toString() : "evt-" + i);
        }
        for (int step = 0; step < 60_000; step++) {
            String id = pool.get(r.nextInt(pool.size()));
            if (r.nextInt(3) == 0) {
                assertThat(ids.remove(id)).as("remove %s at step %d", id, step).isEqualTo(reference.remove(id));
            } else {
                assertThat(ids.add(id)).as("add %s at step %d", id, step).isEqualTo(reference.add(id));
            }
            assertThat(ids.size()).isEqualTo(reference.size());
        }
        for (String id : pool) {
            assertThat(ids.contains(id)).as(id).isEqualTo(reference.contains(id));
        }
        ids.removeAll(reference);
        assertThat(ids.size()).isZero();
        assertThat(ids.contains("")).isFalse();
        assertThat(ids.add("")).isTrue();
        assertThat(ids.add("")).isFalse();
    }

    @Test
    void holdsAMillionIdsInAboutThirtyFourBytesEach() {
        ClientEventIds ids = new ClientEventIds();
        for (int i = 0; i < 1_000_000; i++) {
            assertThat(ids.add("visitor-" + (i % 977) + "-event-" + i)).isTrue();
        }
        assertThat(ids.size()).isEqualTo(1_000_000);
        assertThat(ids.bytes() / 1_000_000.0).isLessThan(34); // 2^21 slots of 16 B, just over half full
        assertThat(ids.add("visitor-5-event-5")).isFalse();
    }
}
