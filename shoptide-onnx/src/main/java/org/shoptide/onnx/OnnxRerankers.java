package org.shoptide.onnx;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.shoptide.core.shop.ShopId;
import org.shoptide.engine.api.Scenario;
import org.shoptide.engine.rerank.Reranker;
import org.shoptide.engine.rerank.RerankerProvider;

/**
 * The engine's re-ranker provider for shops' own ONNX models: a shop's active version serves in the configured
 * scenarios when its hold-out gate said so ({@link OnnxGate}); elsewhere the {@code next} provider (the
 * learning-to-rank re-rankers) answers. A newly activated, uploaded or deleted version is picked up within
 * {@link #RECHECK_NANOS}; one ONNX Runtime session per loaded version serves every request.
 */
public final class OnnxRerankers implements RerankerProvider, AutoCloseable {
    /** How often a shop's active version is looked at again (1 s). */
    static final long RECHECK_NANOS = 1_000_000_000L;
    private static final System.Logger LOG = System.getLogger(OnnxRerankers.class.getName());

    private record Entry(long checkedNanos, long version, long modified, OnnxScorer scorer, Reranker reranker) {
    }

    private final OnnxModelStore store;
    private final OnnxInference inference;
    private final Set<Scenario> scenarios;
    private final RerankerProvider next;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Queue<OnnxScorer> retired = new ConcurrentLinkedQueue<>();
    private final long recheckNanos;

    public OnnxRerankers(OnnxModelStore store, OnnxInference inference, Set<Scenario> scenarios,
            RerankerProvider next) {
        this(store, inference, scenarios, next, RECHECK_NANOS);
    }

    /** With another recheck interval (tests: 0, every request looks). */
    OnnxRerankers(OnnxModelStore store, OnnxInference inference, Set<Scenario> scenarios, RerankerProvider next,
            long recheckNanos) {
        this.recheckNanos = recheckNanos;
        this.store = store;
        this.inference = inference;
        this.scenarios = Set.copyOf(scenarios);
        this.next = next;
    }

    public OnnxInference inference() {
        return inference;
    }

    @Override
    public Optional<Reranker> active(ShopId shop, Scenario scenario) {
        if (scenarios.contains(scenario)) {
            Entry e = entry(shop);
            if (e.reranker() != null) {
                return Optional.of(e.reranker());
            }
        }
        return next.active(shop, scenario);
    }

    private Entry entry(ShopId shop) {
        long now = System.nanoTime();
        Entry e = entries.get(shop.value());
        if (e != null && now - e.checkedNanos() < recheckNanos) {
            return e;
        }
        return entries.compute(shop.value(), (k, old) -> {
            if (old != null && now - old.checkedNanos() < recheckNanos) {
                return old;
            }
            return refresh(shop, old, now);
        });
    }

    private Entry refresh(ShopId shop, Entry old, long now) {
        try {
            OptionalLong active = store.active(shop);
            if (active.isEmpty()) {
                release(old);
                return new Entry(now, -1, -1, null, null);
            }
            long v = active.getAsLong();
            long modified = Files.getLastModifiedTime(store.file(shop, v)).toMillis();
            if (old != null && old.version() == v && old.modified() == modified) {
                return new Entry(now, v, modified, old.scorer(), old.reranker());
            }
            release(old);
            OnnxModelStore.Artifact a = store.read(shop, v).orElse(null);
            if (a == null || !"serve".equals(a.info().metadata().get("gate.decision"))) {
                return new Entry(now, v, modified, null, null);
            }
            List<String> problems = new ArrayList<>();
            OnnxScorer scorer = OnnxScorer.load(a.model(), problems);
            if (scorer == null) {
                LOG.log(System.Logger.Level.WARNING,
                        "ONNX model " + v + " of shop " + shop.value() + " not served: " + problems);
                return new Entry(now, v, modified, null, null);
            }
            return new Entry(now, v, modified, scorer, new OnnxReranker(scorer, a.items(), inference));
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "ONNX model of shop " + shop.value() + " not served: " + e);
            release(old);
            return new Entry(now, -1, -1, null, null);
        }
    }

    /** A replaced session may still be scoring a request: it is closed with the provider. */
    private void release(Entry old) {
        if (old != null && old.scorer() != null) {
            retired.add(old.scorer());
        }
    }

    @Override
    public void close() {
        inference.close();
        entries.values().forEach(e -> {
            if (e.scorer() != null) {
                e.scorer().close();
            }
        });
        entries.clear();
        retired.forEach(OnnxScorer::close);
        retired.clear();
        if (next instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "closing the next re-ranker provider failed", e);
            }
        }
    }
}
