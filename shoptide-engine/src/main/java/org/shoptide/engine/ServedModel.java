package org.shoptide.engine;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.shoptide.core.model.ShopModel;
import org.shoptide.core.port.ModelStore.ModelInfo;
import org.shoptide.core.port.VectorIndex;

/**
 * The model a shop serves (swapped atomically), its approximate item index once built (ADR 0014), the subjects erased
 * since it was trained, and the lock that keeps one training of the shop at a time.
 */
final class ServedModel {
    /**
     * The model being served, with its store info (null info before the first training) and the "for you" blend its
     * training chose for the shop (null: the configured weights serve).
     */
    record Served(ShopModel model, ModelInfo info, BlendChoice blend) {
        /** The model with the blend its metadata names. */
        Served(ShopModel model, ModelInfo info) {
            this(model, info, info == null ? null : BlendChoice.fromMetadata(info.metadata()));
        }
    }

    /** An approximate index over the item factors of {@code model}. */
    private record ItemIndex(ShopModel model, VectorIndex index) {
    }

    private final AtomicReference<Served> served;
    private volatile ItemIndex itemIndex;
    /**
     * Subjects erased since the served model was trained: their trained factor vectors are never used, and once a model
     * trained after the erasure is published, the older versions that still hold them are deleted.
     */
    private final Set<String> erasedSinceTraining = ConcurrentHashMap.newKeySet();
    private final ReentrantLock trainLock = new ReentrantLock();

    ServedModel(Served initial) {
        this.served = new AtomicReference<>(initial);
    }

    Served get() {
        return served.get();
    }

    ShopModel model() {
        return served.get().model();
    }

    void publish(Served next) {
        served.set(next);
    }

    /** Keeps {@code index} for {@code model} unless another model was published meanwhile. */
    void indexBuilt(ShopModel model, VectorIndex index) {
        if (served.get().model() == model) {
            itemIndex = new ItemIndex(model, index);
        }
    }

    /** The approximate index over {@code model}'s items, or null when none is built for exactly that model. */
    VectorIndex indexOf(ShopModel model) {
        ItemIndex i = itemIndex;
        return i != null && i.model() == model ? i.index() : null;
    }

    void erased(Collection<String> subjects) {
        erasedSinceTraining.addAll(subjects);
    }

    boolean isErased(String subject) {
        return erasedSinceTraining.contains(subject);
    }

    Set<String> erasedSnapshot() {
        return Set.copyOf(erasedSinceTraining);
    }

    /** A model trained without {@code subjects} is published: they no longer need hiding. */
    void trainedWithout(Set<String> subjects) {
        erasedSinceTraining.removeAll(subjects);
    }

    /** Runs {@code training} while no other training of this shop runs. */
    <T> T exclusively(Supplier<T> training) {
        trainLock.lock();
        try {
            return training.get();
        } finally {
            trainLock.unlock();
        }
    }
}
