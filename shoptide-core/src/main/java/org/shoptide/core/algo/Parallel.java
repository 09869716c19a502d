package org.shoptide.core.algo;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** Runs a body over blocks of a range on a bounded pool; each worker gets its own scratch object once. */
final class Parallel {
    private Parallel() {
    }

    @FunctionalInterface
    interface Body<S> {
        void run(int start, int end, S scratch);
    }

    static <S> void forBlocks(ExecutorService pool, int threads, int n, int block, Supplier<S> scratch, Body<S> body) {
        if (n <= 0) {
            return;
        }
        int blocks = (n + block - 1) / block;
        int workers = Math.min(threads, blocks);
        if (workers <= 1 || pool == null) {
            body.run(0, n, scratch.get());
            return;
        }
        AtomicInteger next = new AtomicInteger();
        List<Callable<Void>> tasks = new ArrayList<>(workers);
        for (int w = 0; w < workers; w++) {
            tasks.add(() -> {
                S s = scratch.get();
                int b;
                while ((b = next.getAndIncrement()) < blocks) {
                    int start = b * block;
                    body.run(start, Math.min(n, start + block), s);
                }
                return null;
            });
        }
        try {
            for (Future<Void> f : pool.invokeAll(tasks)) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("training interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(c);
        }
    }
}
