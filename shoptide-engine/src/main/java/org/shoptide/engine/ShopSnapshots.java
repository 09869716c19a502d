package org.shoptide.engine;

import java.util.function.Consumer;
import java.util.Map;
import java.util.HashMap;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.shoptide.core.port.RealtimeState;
import org.shoptide.core.realtime.SubjectProfile;
import org.shoptide.engine.snapshot.CorruptSnapshotException;
import org.shoptide.engine.snapshot.SnapshotFiles;
import org.shoptide.engine.snapshot.SnapshotFiles.Section;
import org.shoptide.engine.snapshot.SnapshotIn;
import org.shoptide.engine.snapshot.SnapshotOut;

/**
 * Saves a shop's state derived from its log to a snapshot and loads it back at start (ADR 0037; the file layout is
 * {@link SnapshotFiles}, the sections are listed in {@code docs/formats/snapshot.md}), so a start replays only the
 * log's tail. Only shops whose realtime state is {@linkplain RealtimeState#exportable() exportable} (per node, in
 * memory) are snapshotted; a shared state keeps itself.
 * <p>
 * <b>The cut</b>: {@link #capture} holds the shop's state lock, which the projector holds for each record, so the saved
 * sections all reflect the log up to one offset; the copy is made into memory under the lock (the projector waits for
 * it, ingest does not: appends go on), and written to disk after.
 */
final class ShopSnapshots {
    private static final System.Logger LOG = System.getLogger(ShopSnapshots.class.getName());
    static final int SUBJECTS = 1;
    static final int ITEMS = 2;
    static final int EVENT_IDS = 3;
    static final int ALIASES = 4;
    static final int EXPOSURES = 5;
    static final int BUSINESS = 6;
    static final int INTEREST = 7;
    /** One section per experiment: its id, then its counters. */
    static final int EXPERIMENT = 8;

    private final SnapshotFiles files;
    private final Clock clock;

    ShopSnapshots(Path dir, Clock clock) {
        this.files = new SnapshotFiles(dir);
        this.clock = clock;
    }

    SnapshotFiles files() {
        return files;
    }

    static boolean supported(ShopRuntime rt) {
        return rt.realtime.exportable().isPresent();
    }

    /** A consistent copy of the shop's derived state at the offset it has applied. */
    record Capture(long offset, long identityChanges, List<Section> sections) {
    }

    Capture capture(ShopRuntime rt) {
        RealtimeState.Exportable realtime = rt.realtime.exportable().orElseThrow();
        rt.stateLock.lock();
        try {
            long offset = rt.applied.next();
            long changes = rt.identityChanges.get();
            List<Section> sections = new ArrayList<>();
            SnapshotOut subjects = new SnapshotOut(); // records each after a 1, then a 0
            SnapshotOut items = new SnapshotOut();
            realtime.export((subject, s) -> {
                subjects.writeBoolean(true);
                subjects.writeString(subject);
                writeProfile(subjects, s);
            }, (item, trending, popularity, at) -> {
                items.writeBoolean(true);
                items.writeString(item);
                items.writeDouble(trending);
                items.writeDouble(popularity);
                items.writeLong(at);
            });
            subjects.writeBoolean(false);
            items.writeBoolean(false);
            sections.add(new Section(SUBJECTS, subjects));
            sections.add(new Section(ITEMS, items));
            sections.add(section(EVENT_IDS, rt.eventIds::writeTo));
            sections.add(section(ALIASES, rt.aliases::writeTo));
            sections.add(section(EXPOSURES, rt.exposures::writeTo));
            sections.add(section(BUSINESS, rt.business::writeTo));
            sections.add(section(INTEREST, rt.interest::writeTo));
            for (LiveExperiment x : rt.policies.experiments()) {
                SnapshotOut out = new SnapshotOut();
                out.writeString(x.spec().id());
                x.counters.writeTo(out);
                sections.add(new Section(EXPERIMENT, out));
            }
            return new Capture(offset, changes, sections);
        } finally {
            rt.stateLock.unlock();
        }
    }

    private static Section section(int tag, Consumer<SnapshotOut> writer) {
        SnapshotOut out = new SnapshotOut();
        writer.accept(out);
        return new Section(tag, out);
    }

    /** Captures and writes one snapshot of the shop; returns the capture (its offset and identity changes). */
    Capture write(ShopRuntime rt) throws IOException {
        rt.snapshotLock.lock();
        try {
            long t0 = System.nanoTime();
            Capture c = capture(rt);
            long t1 = System.nanoTime();
            Path p = files.write(rt.id, c.offset(), clock.millis(), c.sections());
            LOG.log(Level.INFO,
                    "shop {0}: snapshot at offset {1} ({2} subjects) captured in {3} ms, written in {4} ms: {5}", rt.id,
                    c.offset(), rt.realtime.subjects(), (t1 - t0) / 1_000_000, (System.nanoTime() - t1) / 1_000_000,
                    p.getFileName());
            return c;
        } finally {
            rt.snapshotLock.unlock();
        }
    }

    /** What a load found: the offset to replay the log from. */
    record Restored(long offset) {
    }

    /**
     * An alias was undone or moved to another user after the snapshot was taken: the subjects' state cannot be split
     * again from the snapshot (their events are mixed in it), so the caller replays the whole log instead (rare).
     */
    static final class StaleSnapshotException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StaleSnapshotException(String message) {
            super(message);
        }
    }

    /**
     * Loads the newest valid snapshot into {@code rt} (whose catalog and policies are loaded, and which holds no
     * derived state yet). Empty when there is none, or when the newest valid one is ahead of the log ({@code logEnd}:
     * the log was replaced), in which case nothing was loaded. Throws {@link StaleSnapshotException} when an alias was
     * undone since, and another exception when a file whose checksum is right does not parse (a bug); the caller then
     * discards {@code rt} and replays the whole log.
     */
    Optional<Restored> restore(ShopRuntime rt, long logEnd) {
        Optional<SnapshotFiles.Loaded> found = files.newestValid(rt.id);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        SnapshotFiles.Loaded f = found.get();
        if (f.offset() > logEnd) {
            LOG.log(Level.WARNING,
                    "shop {0}: snapshot {1} is at offset {2}, past the log''s end {3}; replaying the log", rt.id,
                    f.file().getFileName(), f.offset(), logEnd);
            return Optional.empty();
        }
        RealtimeState.Exportable realtime = rt.realtime.exportable().orElseThrow();
        Set<String> undone = new HashSet<>();
        List<String[]> merges = new ArrayList<>();
        try {
            SnapshotFiles.read(f.file(), (tag, in) -> {
                switch (tag) {
                    case SUBJECTS -> {
                        while (in.readBoolean()) {
                            realtime.restoreSubject(in.readString(), readProfile(in));
                        }
                    }
                    case ITEMS -> {
                        while (in.readBoolean()) {
                            realtime.restoreItem(in.readString(), in.readDouble(), in.readDouble(), in.readLong());
                        }
                    }
                    case EVENT_IDS -> rt.eventIds.readFrom(in);
                    case ALIASES -> rt.aliases.readFrom(in, (anon, saved, now) -> {
                        if (saved == null) { // merged after the snapshot: merge the saved visitor now
                            merges.add(new String[] { anon, now });
                        } else { // undone or moved after the snapshot
                            undone.add(anon);
                        }
                    });
                    case EXPOSURES -> rt.exposures.readFrom(in);
                    case BUSINESS -> rt.business.readFrom(in);
                    case INTEREST -> rt.interest.readFrom(in);
                    case EXPERIMENT -> {
                        LiveExperiment x = rt.policies.experiment(in.readString());
                        if (x != null && !x.counters.readFrom(in)) {
                            LOG.log(Level.WARNING, "shop {0}: experiment {1} has another number of variants than "
                                    + "in the snapshot; its counters start empty", rt.id, x.spec().id());
                        }
                    }
                    default -> LOG.log(Level.DEBUG, "shop {0}: skipping snapshot section {1}", rt.id, tag);
                }
            });
        } catch (IOException e) {
            throw new CorruptSnapshotException("cannot read " + f.file() + ": " + e.getMessage());
        }
        if (!undone.isEmpty()) {
            throw new StaleSnapshotException("the aliases of " + undone.size() + " visitor(s), e.g. "
                    + undone.iterator().next() + ", were undone after snapshot " + f.file().getFileName());
        }
        for (String[] m : merges) {
            rt.realtime.merge(m[0], m[1]);
            rt.exposures.merge(m[0], m[1]);
            rt.interest.merge(m[0], m[1]);
            for (LiveExperiment e : rt.policies.experiments()) {
                e.counters.alias(m[0], m[1]);
            }
        }
        LOG.log(Level.INFO, "shop {0}: loaded snapshot {1} ({2} subjects); replaying the log from offset {3}", rt.id,
                f.file().getFileName(), rt.realtime.subjects(), f.offset());
        return Optional.of(new Restored(f.offset()));
    }

    /** Profile layout: recent items (id, weight, time), session, last time, session items, sets, categories. */
    private static void writeProfile(SnapshotOut out, SubjectProfile.State s) {
        out.writeVarInt(s.recent().size());
        for (int i = 0; i < s.recent().size(); i++) {
            out.writeString(s.recent().get(i));
            out.writeFloat(s.weights()[i]);
            out.writeLong(s.times()[i]);
        }
        out.writeString(s.session());
        out.writeLong(s.lastMillis());
        for (List<String> l : List.of(s.sessionItems(), s.purchased(), s.cart(), s.disliked())) {
            out.writeVarInt(l.size());
            l.forEach(out::writeString);
        }
        out.writeVarInt(s.categories().size());
        s.categories().forEach((c, w) -> {
            out.writeString(c);
            out.writeFloat(w);
        });
    }

    private static SubjectProfile.State readProfile(SnapshotIn in) {
        int n = in.readCount(13);
        List<String> recent = new ArrayList<>(n);
        float[] weights = new float[n];
        long[] times = new long[n];
        for (int i = 0; i < n; i++) {
            recent.add(in.readString());
            weights[i] = in.readFloat();
            times[i] = in.readLong();
        }
        String session = in.readString();
        long last = in.readLong();
        List<List<String>> lists = new ArrayList<>(4);
        for (int k = 0; k < 4; k++) {
            int m = in.readCount(1);
            List<String> l = new ArrayList<>(m);
            for (int i = 0; i < m; i++) {
                l.add(in.readString());
            }
            lists.add(l);
        }
        int c = in.readCount(5);
        Map<String, Float> categories = new HashMap<>(c * 2);
        for (int i = 0; i < c; i++) {
            categories.put(in.readString(), in.readFloat());
        }
        return new SubjectProfile.State(recent, weights, times, session, last, lists.get(0), lists.get(1), lists.get(2),
                lists.get(3), categories);
    }
}
