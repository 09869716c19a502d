package org.shoptide.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.shoptide.core.shop.ShopId;

class ReplaySideWorkTest {

    @Test
    void everyItemIsDoneInOrderOnceCloseReturns() {
        List<Integer> done = new ArrayList<>();
        int n = ReplaySideWork.CHUNK * (ReplaySideWork.QUEUED + 5) + 17; // more chunks than the queue holds
        try (ReplaySideWork<Integer> side = new ReplaySideWork<>(ShopId.of("acme"), done::add)) {
            for (int i = 0; i < n; i++) {
                side.add(i);
            }
        }
        assertThat(done).hasSize(n);
        for (int i = 0; i < n; i++) {
            assertThat(done.get(i)).isEqualTo(i);
        }
    }
}
