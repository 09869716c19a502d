package org.shoptide.ltr;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.shoptide.core.shop.ShopId;
import org.shoptide.engine.api.Scenario;
import org.shoptide.engine.rerank.Reranker;
import org.shoptide.engine.rerank.RerankerProvider;

/**
 * Re-rankers stored as {@link RerankerArtifact} files under {@code <root>/<shopId>/<scenario>.reranker}. An artifact is
 * served only when its comparison says it won; one that does not parse, was trained with another feature list, or lost
 * is not served (and the reason is kept for {@link #status}). A replaced file is picked up within
 * {@link #RECHECK_NANOS} without a restart; a deleted one stops serving.
 */
public final class DirectoryRerankers implements RerankerProvider, AutoCloseable {
    /** How often a shop's file is looked at again (1 s). */
    static final long RECHECK_NANOS = 1_000_000_000L;

    private static final System.Logger LOG = System.getLogger(DirectoryRerankers.class.getName());

    /** What is loaded for one shop and scenario. */
    public record Status(boolean present, boolean active, String reason, RerankerArtifact artifact) {
    }

    private record Entry(long checkedNanos, long modified, long size, Status status, LtrReranker reranker) {
    }

    private final Path root;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Queue<LtrReranker> retired = new ConcurrentLinkedQueue<>();

    public DirectoryRerankers(Path root) {
        this.root = root;
    }

    public Path file(ShopId shop, Scenario scenario) {
        return root.resolve(shop.value()).resolve(RerankerArtifact.fileName(scenario));
    }

    @Override
    public Optional<Reranker> active(ShopId shop, Scenario scenario) {
        Entry e = entry(shop, scenario);
        return e.status().active() ? Optional.of(e.reranker()) : Optional.empty();
    }

    /** Whether a re-ranker is stored, whether it serves, and why. */
    public Status status(ShopId shop, Scenario scenario) {
        return entry(shop, scenario).status();
    }

    private Entry entry(ShopId shop, Scenario scenario) {
        String key = shop.value() + '/' + scenario.wireName();
        long now = System.nanoTime();
        Entry e = entries.get(key);
        if (e != null && now - e.checkedNanos() < RECHECK_NANOS) {
            return e;
        }
        return entries.compute(key, (k, old) -> {
            if (old != null && now - old.checkedNanos() < RECHECK_NANOS) {
                return old;
            }
            return refresh(file(shop, scenario), old, now);
        });
    }

    private Entry refresh(Path file, Entry old, long now) {
        long modified;
        long size;
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            modified = a.lastModifiedTime().toMillis();
            size = a.size();
        } catch (NoSuchFileException e) {
            release(old);
            return new Entry(now, -1, -1, new Status(false, false, "no re-ranker trained", null), null);
        } catch (IOException e) {
            release(old);
            return new Entry(now, -1, -1, new Status(false, false, "cannot read " + file + ": " + e, null), null);
        }
        if (old != null && old.modified() == modified && old.size() == size) {
            return new Entry(now, modified, size, old.status(), old.reranker());
        }
        release(old);
        try {
            RerankerArtifact a = RerankerArtifact.parse(Files.readString(file, StandardCharsets.UTF_8));
            if (!a.features().equals(LtrFeatures.NAMES)) {
                return new Entry(now, modified, size,
                        new Status(true, false, "trained with other features " + a.features() + "; retrain", a), null);
            }
            if (!a.comparison().wins()) {
                return new Entry(now, modified, size,
                        new Status(true, false, "did not beat the blend on held-out impressions", a), null);
            }
            LtrReranker r = new LtrReranker(LtrModel.fromText(a.model()));
            return new Entry(now, modified, size, new Status(true, true, "beat the blend on held-out impressions", a),
                    r);
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "re-ranker " + file + " not served: " + e.getMessage());
            return new Entry(now, modified, size, new Status(true, false, "unreadable: " + e.getMessage(), null), null);
        }
    }

    /**
     * A replaced model may still be scoring a request, so it is not freed at once: it is kept until the provider closes
     * (models are replaced a few times a day at most).
     */
    private void release(Entry old) {
        if (old != null && old.reranker() != null) {
            retired.add(old.reranker());
        }
    }

    @Override
    public void close() {
        for (Entry e : entries.values()) {
            if (e.reranker() != null) {
                e.reranker().close();
            }
        }
        entries.clear();
        retired.forEach(LtrReranker::close);
        retired.clear();
    }
}
