package org.shoptide.testing.fake;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.TreeMap;
import org.shoptide.core.port.ModelStore;
import org.shoptide.core.port.StoreException;
import org.shoptide.core.shop.ShopId;

/**
 * Thread-safe in-memory {@link ModelStore} for tests. The artifact is written to a buffer first and only becomes the
 * latest version once the writer returned, so a failing writer publishes nothing.
 */
public final class InMemoryModelStore implements ModelStore {
    private record Stored(ModelInfo info, byte[] bytes) {
    }

    private final Map<ShopId, TreeMap<Long, Stored>> shops = new HashMap<>();
    private final Map<ShopId, Long> lastVersion = new HashMap<>();
    private final Clock clock;

    public InMemoryModelStore(Clock clock) {
        this.clock = clock;
    }

    public InMemoryModelStore() {
        this(Clock.systemUTC());
    }

    @Override
    public ModelInfo publish(ShopId shop, Map<String, String> metadata, ArtifactWriter writer) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try {
            writer.write(buf);
        } catch (IOException e) {
            throw new StoreException("writing model artifact of " + shop + " failed", e);
        }
        byte[] bytes = buf.toByteArray();
        synchronized (this) {
            long version = lastVersion.getOrDefault(shop, 0L) + 1;
            lastVersion.put(shop, version);
            ModelInfo info = new ModelInfo(shop, version, clock.instant(), bytes.length, metadata);
            shops.computeIfAbsent(shop, s -> new TreeMap<>()).put(version, new Stored(info, bytes));
            return info;
        }
    }

    @Override
    public synchronized Optional<ModelInfo> latest(ShopId shop) {
        TreeMap<Long, Stored> m = shops.get(shop);
        return m == null || m.isEmpty() ? Optional.empty() : Optional.of(m.lastEntry().getValue().info());
    }

    @Override
    public synchronized List<ModelInfo> list(ShopId shop) {
        TreeMap<Long, Stored> m = shops.get(shop);
        List<ModelInfo> out = new ArrayList<>();
        if (m != null) {
            m.descendingMap().values().forEach(s -> out.add(s.info()));
        }
        return out;
    }

    @Override
    public synchronized InputStream open(ShopId shop, long version) throws IOException {
        TreeMap<Long, Stored> m = shops.get(shop);
        Stored s = m == null ? null : m.get(version);
        if (s == null) {
            throw new IOException(new NoSuchElementException("no model version " + version + " for shop " + shop));
        }
        return new ByteArrayInputStream(s.bytes());
    }

    @Override
    public synchronized void retain(ShopId shop, int keep) {
        if (keep < 1) {
            throw new IllegalArgumentException("keep must be >= 1");
        }
        TreeMap<Long, Stored> m = shops.get(shop);
        while (m != null && m.size() > keep) {
            m.pollFirstEntry();
        }
    }

    /** Bytes of a stored version, for assertions. */
    public synchronized byte[] bytes(ShopId shop, long version) {
        try (InputStream in = open(shop, version)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
