package org.shoptide.testing.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.shoptide.core.experiment.ExperimentStatus;
import org.shoptide.core.port.ExperimentStore;
import org.shoptide.core.port.ExperimentStore.ExperimentRecord;
import org.shoptide.core.shop.ShopId;

/**
 * Contract of {@link ExperimentStore}. Implement {@link #experimentStore()} to return an empty store, fresh for each
 * test. Instants round-trip at microsecond precision.
 */
public interface ExperimentStoreContract {

    ExperimentStore experimentStore();

    ShopId A = ShopId.of("shop-a");
    ShopId B = ShopId.of("shop-b");
    Instant T = Instant.parse("2026-03-01T10:15:30.123456Z");

    static ExperimentRecord draft(ShopId shop, String id, Instant created) {
        return new ExperimentRecord(shop, id, "Experiment " + id, ExperimentStatus.DRAFT,
                "{\"scenario\":\"user\",\"variants\":[]}", created, null, null);
    }

    @Test
    default void createGetAndListRoundTripEveryField() {
        ExperimentStore store = experimentStore();
        ExperimentRecord e = new ExperimentRecord(A, "exp-1", "Popular vs blend «тест» 中文", ExperimentStatus.DRAFT,
                "{\"variants\":[{\"name\":\"control\"}]}", T, null, null);
        store.create(e);
        assertThat(store.get(A, "exp-1")).contains(e);
        assertThat(store.get(A, "nope")).isEmpty();
        assertThat(store.list(A)).containsExactly(e);
    }

    @Test
    default void listIsOrderedByCreationThenId() {
        ExperimentStore store = experimentStore();
        store.create(draft(A, "b", T.plusSeconds(10)));
        store.create(draft(A, "z", T));
        store.create(draft(A, "a", T.plusSeconds(10)));
        assertThat(store.list(A)).extracting(ExperimentRecord::id).containsExactly("z", "a", "b");
    }

    @Test
    default void duplicateIdIsRejectedAndChangesNothing() {
        ExperimentStore store = experimentStore();
        ExperimentRecord first = draft(A, "e", T);
        store.create(first);
        ExperimentRecord again = new ExperimentRecord(A, "e", "other", ExperimentStatus.RUNNING, "{}", T, T, null);
        assertThatThrownBy(() -> store.create(again)).isInstanceOf(IllegalStateException.class);
        assertThat(store.get(A, "e")).contains(first);
    }

    @Test
    default void updateChangesStatusAndTimesOnly() {
        ExperimentStore store = experimentStore();
        ExperimentRecord e = draft(A, "e", T);
        store.create(e);
        Instant started = T.plusSeconds(60);
        ExperimentRecord changedName = new ExperimentRecord(A, "e", "renamed", ExperimentStatus.RUNNING, "{\"x\":1}",
                T.plusSeconds(5), started, null);
        assertThat(store.update(changedName)).isTrue();
        assertThat(store.get(A, "e")).contains(e.withStatus(ExperimentStatus.RUNNING, started, null));
        Instant stopped = T.plusSeconds(3600);
        assertThat(store.update(e.withStatus(ExperimentStatus.STOPPED, started, stopped))).isTrue();
        assertThat(store.get(A, "e").orElseThrow().stoppedAt()).isEqualTo(stopped);
        assertThat(store.get(A, "e").orElseThrow().status()).isEqualTo(ExperimentStatus.STOPPED);
        assertThat(store.update(draft(A, "unknown", T))).isFalse();
        assertThat(store.get(A, "unknown")).isEmpty();
    }

    @Test
    default void shopsAreIsolated() {
        ExperimentStore store = experimentStore();
        store.create(draft(A, "same-id", T));
        store.create(draft(B, "same-id", T.plusSeconds(1)));
        assertThat(store.list(A)).hasSize(1);
        assertThat(store.get(B, "same-id").orElseThrow().createdAt()).isEqualTo(T.plusSeconds(1));
        store.update(draft(B, "same-id", T).withStatus(ExperimentStatus.RUNNING, T, null));
        assertThat(store.get(A, "same-id").orElseThrow().status()).isEqualTo(ExperimentStatus.DRAFT);
        assertThat(store.list(ShopId.of("shop-c"))).isEmpty();
    }
}
