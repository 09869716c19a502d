package org.shoptide.onnx;

import java.io.UncheckedIOException;
import ai.onnxruntime.OrtException;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.shoptide.core.model.ModelFormat;
import org.shoptide.core.model.ShopModel;
import org.shoptide.core.port.EventLog;
import org.shoptide.core.port.ModelStore;
import org.shoptide.core.port.ModelStore.ModelInfo;
import org.shoptide.core.shop.ShopId;

/**
 * Upload, validation and management of a shop's own ONNX models (ADR 0034). An upload names the shop's trained model
 * version whose item table it was built against (by default the newest); that table is stored with the ONNX bytes, so
 * the model keeps its item indexes when later trainings renumber items. Validation, in one pass, stores nothing on
 * failure: the size, ONNX Runtime's parse, the contract's names, types and ranks ({@link OnnxContract}), a dry run on
 * real held-out users and candidates (finite scores, one per candidate, within the validation time-out) and the
 * hold-out gate ({@link OnnxGate}), whose decision and metrics go to the stored version's metadata. A stored upload
 * becomes the active version; it serves only if the gate said so.
 */
public final class OnnxModels {
    /** Candidates of each dry run. */
    static final int DRY_RUN_CANDIDATES = 50;
    /** Held-out users the dry run uses. */
    static final int DRY_RUN_USERS = 5;

    /** Limits of uploads. */
    public record Settings(long maxBytes, Duration validationTimeout, int holdoutUsers, long seed) {
        public Settings {
            if (maxBytes <= 0) {
                throw new IllegalArgumentException("onnx max bytes must be > 0");
            }
            Objects.requireNonNull(validationTimeout, "validationTimeout");
        }
    }

    /** A stored version and whether it is the active one and serves. */
    public record Version(OnnxModelStore.Stored info, boolean active, boolean serving) {
    }

    private final OnnxModelStore store;
    private final ModelStore models;
    private final EventLog log;
    private final Clock clock;
    private final Settings settings;

    public OnnxModels(OnnxModelStore store, ModelStore models, EventLog log, Clock clock, Settings settings) {
        this.store = store;
        this.models = models;
        this.log = log;
        this.clock = clock;
        this.settings = settings;
    }

    public Settings settings() {
        return settings;
    }

    /**
     * Validates and stores a model.
     *
     * @param targetVersion
     *            the trained model version whose item table the model uses, or null for the newest
     *
     * @throws OnnxRejected
     *             with every problem found; nothing is stored then
     */
    public Version upload(ShopId shop, byte[] onnx, Long targetVersion) {
        if (onnx.length > settings.maxBytes()) {
            throw new OnnxRejected(413, List
                    .of("the model has " + onnx.length + " bytes; at most " + settings.maxBytes() + " are accepted"));
        }
        List<String> problems = new ArrayList<>();
        if (onnx.length == 0) {
            throw new OnnxRejected(422, List.of("the body is empty: send the .onnx file's bytes"));
        }
        ItemTable table = itemTable(shop, targetVersion);
        try (OnnxScorer scorer = OnnxScorer.load(onnx, problems)) {
            if (scorer == null) {
                throw new OnnxRejected(422, problems);
            }
            List<HoldoutCases.Case> cases = HoldoutCases.build(log, shop, settings.holdoutUsers(), settings.seed());
            dryRun(scorer, table.items(), cases, problems);
            if (!problems.isEmpty()) {
                throw new OnnxRejected(422, problems);
            }
            OnnxGate.Decision d = OnnxGate.judge(scorer, table.items(), cases, models.list(shop).stream()
                    .filter(i -> i.version() == table.version()).findFirst().map(ModelInfo::metadata).orElse(Map.of()));
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("targetModelVersion", Long.toString(table.version()));
            meta.put("items", Integer.toString(table.items().size()));
            meta.put("bytes", Integer.toString(onnx.length));
            meta.put("sha256", sha256(onnx));
            meta.put("features", Boolean.toString(scorer.shape().features()));
            meta.put("history",
                    scorer.shape().historyLength() > 0 ? Integer.toString(scorer.shape().historyLength()) : "symbolic");
            meta.putAll(d.metadata());
            OnnxModelStore.Stored info = store.publish(shop, meta, table.items(), onnx, clock.instant());
            store.activate(shop, info.version());
            return new Version(info, true, d.serve());
        } catch (OrtException e) {
            throw new OnnxRejected(422, List.of("the model failed on the hold-out: " + e.getMessage()));
        }
    }

    /** Every stored version, newest first. */
    public List<Version> list(ShopId shop) {
        OptionalLong active = store.active(shop);
        return store.list(shop).stream().map(i -> version(i, active)).toList();
    }

    public Optional<Version> get(ShopId shop, long version) {
        return store.info(shop, version).map(i -> version(i, store.active(shop)));
    }

    /** Makes a stored version the active one (it serves if its gate said so). */
    public Version activate(ShopId shop, long version) {
        if (!store.activate(shop, version)) {
            throw new OnnxRejected(404, List.of("this shop has no ONNX model version " + version));
        }
        return get(shop, version).orElseThrow();
    }

    /** Deletes a version; deleting the active one leaves the shop on the blend. */
    public void delete(ShopId shop, long version) {
        if (!store.delete(shop, version)) {
            throw new OnnxRejected(404, List.of("this shop has no ONNX model version " + version));
        }
    }

    /** A trained model version's item table: index {@code i} is {@code items.get(i)}. */
    public record ItemTable(long version, List<String> items) {
    }

    /**
     * The item table of a trained model version (null: the newest), the one an uploaded model must index items by.
     *
     * @throws OnnxRejected
     *             404 when that version is not stored, 409 when the shop has no trained model
     */
    public ItemTable itemTable(ShopId shop, Long version) {
        Optional<ModelInfo> info = version == null ? models.latest(shop)
                : models.list(shop).stream().filter(i -> i.version() == version).findFirst();
        if (info.isEmpty()) {
            throw version == null
                    ? new OnnxRejected(409, List.of("this shop has no trained model yet; POST /v1/train first"))
                    : new OnnxRejected(404, List.of("this shop has no trained model version " + version + " (kept: "
                            + models.list(shop).stream().map(ModelInfo::version).toList() + ")"));
        }
        try (InputStream in = models.open(shop, info.get().version())) {
            ShopModel m = ModelFormat.read(in);
            String[] ids = new String[m.itemCount()];
            Arrays.setAll(ids, m::itemId);
            return new ItemTable(info.get().version(), List.of(ids));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model " + info.get().version(), e);
        }
    }

    private Version version(OnnxModelStore.Stored i, OptionalLong active) {
        boolean isActive = active.isPresent() && active.getAsLong() == i.version();
        return new Version(i, isActive, isActive && "serve".equals(i.metadata().get("gate.decision")));
    }

    /**
     * Runs the model on a few held-out users (or, without any, on the table's first items as history), on the first
     * candidates of the table and on an empty history; every run must return one non-NaN score per candidate within the
     * validation time-out.
     */
    private void dryRun(OnnxScorer scorer, List<String> items, List<HoldoutCases.Case> cases, List<String> problems) {
        if (items.isEmpty()) {
            problems.add("the trained model has no items to score");
            return;
        }
        Map<String, Integer> index = OnnxGate.indexOf(items);
        List<long[]> histories = new ArrayList<>();
        histories.add(new long[0]);
        cases.stream().limit(DRY_RUN_USERS).forEach(c -> histories.add(
                c.history().stream().map(index::get).filter(i -> i != null).mapToLong(Integer::longValue).toArray()));
        if (cases.isEmpty()) {
            histories.add(new long[] { 0, Math.min(1, items.size() - 1) });
        }
        long[] candidates = new long[Math.min(DRY_RUN_CANDIDATES, items.size())];
        Arrays.setAll(candidates, i -> items.size() - 1 - i); // the end of the table: every index must be in range
        float[] features = null;
        if (scorer.shape().features()) {
            features = new float[candidates.length * OnnxContract.FEATURES.size()];
            Arrays.fill(features, Float.NaN);
        }
        for (long[] h : histories) {
            long t0 = System.nanoTime();
            try {
                float[] s = scorer.score(h, candidates, features, null);
                for (float v : s) {
                    if (Float.isNaN(v)) {
                        problems.add("the dry run returned NaN scores (history of " + h.length + " items)");
                        return;
                    }
                }
            } catch (OrtException | RuntimeException e) {
                problems.add("the dry run failed (history of " + h.length + " items, " + candidates.length
                        + " candidates): " + e.getMessage());
                return;
            }
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            if (took.compareTo(settings.validationTimeout()) > 0) {
                problems.add("a dry run took " + took.toMillis() + " ms, more than the "
                        + settings.validationTimeout().toMillis() + " ms allowed (onnx.validation-timeout-ms)");
                return;
            }
        }
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
