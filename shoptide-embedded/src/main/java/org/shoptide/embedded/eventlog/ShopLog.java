package org.shoptide.embedded.eventlog;

import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.TRUNCATE_EXISTING;
import static java.nio.file.StandardOpenOption.WRITE;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Predicate;
import java.util.zip.CRC32C;
import org.shoptide.core.event.Event;
import org.shoptide.core.event.LoggedEvent;
import org.shoptide.core.port.EventLog.EventConsumer;
import org.shoptide.core.port.StoreException;
import org.shoptide.core.shop.ShopId;

/**
 * The log of one shop: its segments, its append queue and group-commit writer thread, readers and erase.
 * <p>
 * Concurrency: appenders only touch the queue (under {@code queueLock}). The writer thread alone assigns offsets and
 * writes; it publishes progress through {@link Segment#durableSize} and {@link #committedEnd} after the fsync, and
 * readers never look past those. {@code rewriteLock} is held shared by the writer during one commit and by readers
 * while they read one chunk, and exclusively by erase while it swaps files.
 * <p>
 * Over 500 lines on purpose: group commit, reads, recovery and erase share the locks above, and keeping them in one
 * class keeps the locking protocol reviewable in one place (ADR 0002).
 */
final class ShopLog {
    private static final System.Logger LOG = System.getLogger(SegmentEventLog.class.getName());
    /** The writer writes its buffer out once it holds this much, even mid-commit. */
    private static final int FLUSH_BYTES = 4 << 20;
    /** Lingering for group commit ends early once this many events are queued. */
    private static final int LINGER_MAX_EVENTS = 10_000;
    /** Readers release the shared lock and deliver after about this many events. */
    private static final int DELIVERY_CHUNK = 2048;

    final ShopId shop;
    final Path dir;
    private final SegmentEventLogOptions options;
    private final ConcurrentSkipListMap<Long, Segment> segments = new ConcurrentSkipListMap<>();
    private final ReentrantReadWriteLock rewriteLock = new ReentrantReadWriteLock();
    private final CopyOnWriteArrayList<TailSubscription> subscribers = new CopyOnWriteArrayList<>();

    private final ReentrantLock queueLock = new ReentrantLock();
    private final Condition queued = queueLock.newCondition();
    private ArrayDeque<Pending> queue = new ArrayDeque<>();
    private long queuedEvents;
    private boolean closing;
    private Thread writer;

    /** Writer thread only: the offset the next event gets. */
    private long nextOffset;
    /** Writer thread only. */
    private ArrayDeque<Pending> spare = new ArrayDeque<>();
    private WriteBuffer out;
    /** Writer thread only: index entries (first offset, position) of written but not yet synced records. */
    private final List<long[]> pendingIndex = new ArrayList<>();
    private final CRC32C crc = new CRC32C();

    private volatile long committedEnd;
    private volatile Throwable failure;
    private volatile boolean created;

    private static final class Pending {
        final List<Event> events;
        final CompletableFuture<Long> future;
        long offset;
        StoreException error;

        Pending(List<Event> events, CompletableFuture<Long> future) {
            this.events = events;
            this.future = future;
        }
    }

    /** A shop without files yet; the directory is created by its first append. */
    ShopLog(ShopId shop, Path dir, SegmentEventLogOptions options) {
        this.shop = shop;
        this.dir = dir;
        this.options = options;
    }

    /** Opens an existing shop directory, recovering its last segment. */
    static ShopLog recover(ShopId shop, Path dir, SegmentEventLogOptions options) throws IOException {
        ShopLog log = new ShopLog(shop, dir, options);
        log.recover();
        return log;
    }

    boolean created() {
        return created;
    }

    long committedEnd() {
        return committedEnd;
    }

    /** The active segment, or null before the first append (for tests). */
    Segment lastSegment() {
        Map.Entry<Long, Segment> last = segments.lastEntry();
        return last == null ? null : last.getValue();
    }

    // ------------------------------------------------------------------------------------------------ recovery

    private void recover() throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (name.endsWith(SegmentFormat.REWRITE_SUFFIX)) {
                    // an erase died before renaming: the original segment is intact
                    LOG.log(System.Logger.Level.WARNING, "deleting leftover of an interrupted erase: {0}", p);
                    Files.delete(p);
                } else if (SegmentFormat.SEGMENT_NAME.matcher(name).matches()) {
                    files.add(p);
                }
            }
        }
        files.sort((a, b) -> Long.compare(SegmentFormat.baseOffsetOf(a), SegmentFormat.baseOffsetOf(b)));
        try {
            while (!files.isEmpty()) {
                Path last = files.getLast();
                if (recoverLast(last)) {
                    break;
                }
                files.removeLast();
            }
            for (int i = 0; i < files.size() - 1; i++) {
                Path p = files.get(i);
                FileChannel ch = FileChannel.open(p, READ);
                try {
                    SegmentFormat.Header h = checkHeader(ch, p);
                    long size = ch.size();
                    segments.put(h.baseOffset(), new Segment(h.baseOffset(), p, ch, h.length(), size));
                } catch (IOException | RuntimeException e) {
                    ch.close();
                    throw e;
                }
            }
        } catch (IOException | RuntimeException e) {
            closeChannels();
            throw e;
        }
        committedEnd = nextOffset;
        created = true;
    }

    /**
     * Recovers the last segment: truncates a torn or corrupt tail after the last whole, checksummed record. Returns
     * false when the file is a torn creation (too short for its header) and was deleted.
     */
    private boolean recoverLast(Path path) throws IOException {
        FileChannel ch = FileChannel.open(path, READ, WRITE);
        try {
            long size = ch.size();
            SegmentFormat.Header h;
            try {
                h = checkHeader(ch, path);
            } catch (SegmentFormat.BadHeaderException e) {
                if (!e.unsupportedVersion && size < SegmentFormat.MAX_HEADER_LENGTH) {
                    // crash while the segment was being created: it cannot hold any record
                    LOG.log(System.Logger.Level.WARNING, "deleting torn new segment {0}: {1}", path, e.getMessage());
                    ch.close();
                    Files.delete(path);
                    fsyncDirectory(dir);
                    return false;
                }
                throw e;
            }
            Segment seg = new Segment(h.baseOffset(), path, ch, h.length(), size);
            RecordReader r = new RecordReader(seg, h.length(), size);
            long end = h.baseOffset();
            RecordReader.Status st;
            int records = 0;
            long previousStart = -1;
            while ((st = r.next()) == RecordReader.Status.RECORD) {
                seg.index(previousStart, r.recordStart(), r.firstOffset());
                previousStart = r.recordStart();
                if (r.firstOffset() < end) {
                    throw new StoreException(
                            path + ": record at byte " + r.recordStart() + " has first offset " + r.firstOffset()
                                    + " below the previous record's end " + end + "; refusing to guess which is right");
                }
                end = r.firstOffset() + r.span();
                records++;
            }
            long validEnd = r.recordStart();
            if (st != RecordReader.Status.END) {
                Path tail = path
                        .resolveSibling(path.getFileName() + SegmentFormat.TAIL_SUFFIX + System.currentTimeMillis());
                for (int n = 1; Files.exists(tail); n++) {
                    tail = path.resolveSibling(
                            path.getFileName() + SegmentFormat.TAIL_SUFFIX + System.currentTimeMillis() + "-" + n);
                }
                try (FileChannel t = FileChannel.open(tail, CREATE_NEW, WRITE)) {
                    long pos = validEnd;
                    while (pos < size) {
                        pos += ch.transferTo(pos, size - pos, t);
                    }
                    t.force(true);
                }
                LOG.log(System.Logger.Level.WARNING,
                        "{0}: {1} record at byte {2} after {3} good records; truncating {4} bytes (kept in {5})", path,
                        st == RecordReader.Status.TORN ? "torn" : "corrupt", validEnd, records, size - validEnd,
                        tail.getFileName());
                ch.truncate(validEnd);
                ch.force(true);
                seg.writtenSize = validEnd;
                seg.durableSize = validEnd;
            }
            seg.lastRecordStart = previousStart;
            segments.put(h.baseOffset(), seg);
            nextOffset = end;
            return true;
        } catch (IOException | RuntimeException e) {
            if (ch.isOpen()) {
                ch.close();
            }
            throw e;
        }
    }

    private SegmentFormat.Header checkHeader(FileChannel ch, Path path) throws IOException {
        SegmentFormat.Header h = SegmentFormat.readHeader(ch, path);
        if (h.baseOffset() != SegmentFormat.baseOffsetOf(path)) {
            throw new StoreException(path + ": header says base offset " + h.baseOffset() + ", file name disagrees");
        }
        if (!h.shopId().equals(shop.value())) {
            throw new StoreException(path + ": segment belongs to shop '" + h.shopId() + "', not '" + shop + "'");
        }
        return h;
    }

    // ------------------------------------------------------------------------------------------------ append

    CompletableFuture<Long> append(List<Event> events) {
        List<Event> copy = List.copyOf(events);
        CompletableFuture<Long> future = new CompletableFuture<>();
        queueLock.lock();
        try {
            if (closing) {
                return CompletableFuture.failedFuture(new StoreException("event log is closed"));
            }
            Throwable failed = failure;
            if (failed != null) {
                return CompletableFuture.failedFuture(new StoreException(
                        "event log of shop " + shop + " failed earlier and refuses appends until reopened", failed));
            }
            if (writer == null) {
                writer = Thread.ofPlatform().name("shoptide-eventlog-writer-" + shop).daemon(true)
                        .start(this::writerLoop);
            }
            queue.add(new Pending(copy, future));
            queuedEvents += copy.size();
            queued.signal();
        } finally {
            queueLock.unlock();
        }
        return future;
    }

    private void writerLoop() {
        out = new WriteBuffer(1 << 20);
        long lingerNanos = options.groupCommitMaxWait().toNanos();
        while (true) {
            ArrayDeque<Pending> batch;
            queueLock.lock();
            try {
                while (queue.isEmpty() && !closing) {
                    queued.awaitUninterruptibly();
                }
                if (queue.isEmpty()) {
                    return; // closing and drained
                }
                if (lingerNanos > 0) {
                    long deadline = System.nanoTime() + lingerNanos;
                    long left;
                    while (!closing && queuedEvents < LINGER_MAX_EVENTS && (left = deadline - System.nanoTime()) > 0) {
                        try {
                            queued.awaitNanos(left);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            break;
                        }
                    }
                    Thread.interrupted();
                }
                batch = queue;
                queue = spare;
                queuedEvents = 0;
            } finally {
                queueLock.unlock();
            }
            commit(batch);
            batch.clear();
            spare = batch;
        }
    }

    /** Writes all records of {@code batch}, syncs once, publishes, then completes the futures. */
    private void commit(ArrayDeque<Pending> batch) {
        Throwable error = null;
        rewriteLock.readLock().lock();
        try {
            error = failure;
            if (error == null) {
                Segment active = activeSegment();
                out.clear();
                long outBase = active.writtenSize;
                for (Pending p : batch) {
                    int n = p.events.size();
                    p.offset = nextOffset;
                    if (n == 0) {
                        continue;
                    }
                    long size = outBase + out.position();
                    if (size >= options.segmentBytes() && size > active.headerLength) {
                        writeOut(active);
                        sync(active);
                        active = createSegment(nextOffset);
                        outBase = active.writtenSize;
                    }
                    int recordStart = out.position();
                    long fileStart = outBase + recordStart;
                    try {
                        encodeRecord(p.events, nextOffset);
                    } catch (RuntimeException e) {
                        out.truncate(recordStart);
                        p.error = new StoreException("cannot encode batch of " + n + " events: " + e.getMessage(), e);
                        continue;
                    }
                    if (active.indexWorthy(active.lastRecordStart, fileStart)) {
                        pendingIndex.add(new long[] { nextOffset, fileStart });
                    }
                    active.lastRecordStart = fileStart;
                    nextOffset += n;
                    if (out.position() >= FLUSH_BYTES) {
                        writeOut(active);
                        outBase = active.writtenSize;
                    }
                }
                writeOut(active);
                sync(active);
                committedEnd = nextOffset;
            }
        } catch (Throwable e) { // even an Error must fail the waiting futures rather than leave them hanging
            LOG.log(System.Logger.Level.ERROR, "event log of shop " + shop + " failed; appends refused until reopen",
                    e);
            failure = e;
            error = e;
        } finally {
            rewriteLock.readLock().unlock();
        }
        if (error == null) {
            wakeSubscribers();
        }
        for (Pending p : batch) {
            if (error != null) {
                p.future.completeExceptionally(error instanceof StoreException se ? se
                        : new StoreException("append to event log of shop " + shop + " failed", error));
            } else if (p.error != null) {
                p.future.completeExceptionally(p.error);
            } else {
                p.future.complete(p.offset);
            }
        }
    }

    /**
     * Encodes one batch as one record at the end of {@link #out}: {@code [length][crc32c][first offset][span][count]}
     * then per event {@code [offset delta][length][bytes]}.
     */
    private void encodeRecord(List<Event> events, long first) {
        WriteBuffer o = out;
        int start = o.position();
        o.putInt(0);
        o.putInt(0);
        o.putLong(first);
        o.putInt(events.size());
        o.putInt(events.size());
        for (int i = 0; i < events.size(); i++) {
            o.putInt(i);
            int lengthAt = o.position();
            o.putInt(0);
            EventRecordCodec.encode(events.get(i), o);
            o.putIntAt(lengthAt, o.position() - lengthAt - 4);
        }
        int body = o.position() - start - SegmentFormat.RECORD_PREFIX;
        if (body > SegmentFormat.MAX_RECORD_BODY) {
            throw new IllegalArgumentException(
                    "record of " + body + " bytes exceeds the limit of " + SegmentFormat.MAX_RECORD_BODY);
        }
        o.putIntAt(start, body);
        crc.reset();
        crc.update(o.slice(start + SegmentFormat.RECORD_PREFIX, body));
        o.putIntAt(start + 4, (int) crc.getValue());
    }

    private void writeOut(Segment seg) throws IOException {
        ByteBuffer w = out.written();
        while (w.hasRemaining()) {
            seg.writtenSize += seg.channel.write(w, seg.writtenSize);
        }
        out.clear();
    }

    /** Makes what was written durable, then lets readers see it (and the index entries of its records). */
    private void sync(Segment seg) throws IOException {
        if (options.fsync()) {
            seg.channel.force(false);
        }
        seg.durableSize = seg.writtenSize;
        for (long[] entry : pendingIndex) {
            seg.index.putIfAbsent(entry[0], entry[1]);
        }
        pendingIndex.clear();
    }

    private Segment activeSegment() throws IOException {
        Map.Entry<Long, Segment> last = segments.lastEntry();
        if (last != null) {
            return last.getValue();
        }
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            fsyncDirectory(dir.getParent());
        }
        Segment s = createSegment(nextOffset);
        created = true;
        return s;
    }

    /** Creates, syncs and registers a segment holding only its header. */
    private Segment createSegment(long base) throws IOException {
        Path path = dir.resolve(SegmentFormat.fileName(base));
        FileChannel ch = FileChannel.open(path, CREATE_NEW, READ, WRITE);
        try {
            ByteBuffer h = SegmentFormat.header(shop, base);
            int length = h.remaining();
            long pos = 0;
            while (h.hasRemaining()) {
                pos += ch.write(h, pos);
            }
            if (options.fsync()) {
                ch.force(true);
            }
            fsyncDirectory(dir);
            Segment s = new Segment(base, path, ch, length, length);
            segments.put(base, s);
            return s;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    private void fsyncDirectory(Path d) throws IOException {
        if (!options.fsync()) {
            return;
        }
        FileChannel ch;
        try {
            ch = FileChannel.open(d, READ);
        } catch (IOException e) {
            return; // platforms that cannot open directories (Windows) make renames durable themselves
        }
        try (ch) {
            ch.force(true);
        }
    }

    // ------------------------------------------------------------------------------------------------ reading

    /**
     * Where a reader stopped: every record of {@code segment} before file position {@code position} ends at or before
     * offset {@code offset}. Lets a subscription continue without rescanning; an erase replaces the segment object,
     * which invalidates the cursor.
     */
    static final class ReadCursor {
        Segment segment;
        long position;
        long offset;
        /** The reader that stopped at {@code position}, with its buffered bytes; reused when still positioned there. */
        RecordReader reader;
    }

    /** Delivers the stored events with offsets in {@code [from, to)} in order. */
    void read(long from, long to, EventConsumer consumer) {
        read(from, to, new ReadCursor(), consumer);
    }

    /**
     * Delivers the stored events with offsets in {@code [from, to)} in order, starting at {@code cursor} when it is
     * still valid, else at the sparse index entry at or before {@code from}. Reads a chunk of records under the shared
     * lock, then delivers it without holding any lock (so a consumer may append, or block).
     */
    void read(long from, long to, ReadCursor cursor, EventConsumer consumer) {
        long next = from;
        List<LoggedEvent> chunk = new ArrayList<>();
        while (next < to) {
            chunk.clear();
            rewriteLock.readLock().lock();
            try {
                Map.Entry<Long, Segment> entry = segments.floorEntry(next);
                if (entry == null) {
                    entry = segments.firstEntry();
                    if (entry == null) {
                        return;
                    }
                }
                Segment seg = entry.getValue();
                if (cursor.segment != seg || cursor.offset > next) {
                    Map.Entry<Long, Long> indexed = seg.index.floorEntry(next);
                    cursor.segment = seg;
                    cursor.position = indexed == null ? seg.headerLength : indexed.getValue();
                    cursor.offset = indexed == null ? seg.baseOffset : indexed.getKey();
                }
                RecordReader r = cursor.reader;
                if (r == null || r.segment() != seg || r.position() != cursor.position) {
                    r = new RecordReader(seg, cursor.position, seg.durableSize);
                    cursor.reader = r;
                } else {
                    r.extendLimit(seg.durableSize);
                }
                long reached = next;
                long previousStart = cursor.position == seg.headerLength ? -1 : Long.MIN_VALUE;
                boolean segmentDone = false;
                while (chunk.size() < DELIVERY_CHUNK) {
                    RecordReader.Status st = r.next();
                    if (st == RecordReader.Status.END) {
                        segmentDone = true;
                        break;
                    }
                    if (st != RecordReader.Status.RECORD) {
                        throw new StoreException(seg.path + ": " + st.name().toLowerCase(Locale.ROOT)
                                + " record at byte " + r.recordStart() + " inside the durable part of the log");
                    }
                    if (previousStart != Long.MIN_VALUE) {
                        seg.index(previousStart, r.recordStart(), r.firstOffset());
                    }
                    previousStart = r.recordStart();
                    long recordEnd = r.firstOffset() + r.span();
                    if (r.firstOffset() >= to) {
                        reached = to;
                        break;
                    }
                    if (recordEnd > next) {
                        while (r.hasNextEvent()) {
                            long offset = r.nextEvent();
                            if (offset >= next && offset < to) {
                                chunk.add(new LoggedEvent(offset, r.decodeEvent()));
                            }
                        }
                    }
                    if (recordEnd > to) {
                        reached = to;
                        break;
                    }
                    cursor.position = r.position();
                    cursor.offset = Math.max(cursor.offset, recordEnd);
                    reached = Math.max(reached, recordEnd);
                }
                if (segmentDone) {
                    Long higher = segments.higherKey(seg.baseOffset);
                    reached = Math.max(reached, higher == null ? to : Math.min(higher, to));
                }
                next = reached;
            } catch (IOException e) {
                throw new StoreException("cannot read event log of shop " + shop, e);
            } catch (EventRecordCodec.CorruptDataException e) {
                throw new StoreException(e.getMessage(), e);
            } finally {
                rewriteLock.readLock().unlock();
            }
            for (LoggedEvent e : chunk) {
                consumer.accept(e);
            }
        }
    }

    TailSubscription subscribe(long from, EventConsumer consumer) {
        queueLock.lock();
        try {
            if (closing) {
                throw new StoreException("event log is closed");
            }
            TailSubscription sub = new TailSubscription(this, from, consumer);
            subscribers.add(sub);
            sub.start();
            return sub;
        } finally {
            queueLock.unlock();
        }
    }

    void removeSubscriber(TailSubscription sub) {
        subscribers.remove(sub);
    }

    private void wakeSubscribers() {
        for (TailSubscription s : subscribers) {
            LockSupport.unpark(s.thread());
        }
    }

    // ------------------------------------------------------------------------------------------------ erase

    private record Rewrite(Segment segment, Path tmp, boolean drop) {
    }

    /**
     * Rewrites every segment holding a matching event into a temporary file without those events (other events keep
     * their bytes and offsets), syncs it and atomically renames it over the original. Fully erased records are dropped,
     * except the last record of the log, which stays with no events so the end offset survives a reopen; a segment left
     * empty is deleted unless it is the active one. The shop's writer and readers wait meanwhile; other shops are
     * unaffected. A crash leaves every segment either old or new, never mixed.
     */
    long erase(Predicate<Event> matching) {
        rewriteLock.writeLock().lock();
        try {
            Throwable failed = failure;
            if (failed != null) {
                throw new StoreException("event log of shop " + shop + " failed earlier; reopen it", failed);
            }
            List<Segment> all = new ArrayList<>(segments.values());
            List<Rewrite> plan = new ArrayList<>();
            long removed = 0;
            WriteBuffer buf = new WriteBuffer(1 << 16);
            CRC32C c = new CRC32C();
            try {
                for (int i = 0; i < all.size(); i++) {
                    Segment seg = all.get(i);
                    boolean lastSegment = i == all.size() - 1;
                    Path tmp = seg.path.resolveSibling(seg.path.getFileName() + SegmentFormat.REWRITE_SUFFIX);
                    long removedHere = 0;
                    int records = 0;
                    try (FileChannel ch = FileChannel.open(tmp, CREATE, TRUNCATE_EXISTING, WRITE)) {
                        buf.clear();
                        ByteBuffer header = SegmentFormat.header(shop, seg.baseOffset);
                        buf.putBytes(header.array(), header.arrayOffset() + header.position(), header.remaining());
                        long written = 0;
                        RecordReader r = new RecordReader(seg, seg.headerLength, seg.durableSize);
                        RecordReader.Status st;
                        while ((st = r.next()) == RecordReader.Status.RECORD) {
                            int start = buf.position();
                            buf.putInt(0);
                            buf.putInt(0);
                            buf.putLong(r.firstOffset());
                            buf.putInt(r.span());
                            int countAt = buf.position();
                            buf.putInt(0);
                            int kept = 0;
                            while (r.hasNextEvent()) {
                                r.nextEvent();
                                if (matching.test(r.decodeEvent())) {
                                    removedHere++;
                                } else {
                                    kept++;
                                    buf.putInt(r.eventDelta());
                                    buf.putInt(r.eventLength());
                                    ByteBuffer src = r.eventBuffer();
                                    buf.putBytes(src.array(), src.arrayOffset() + r.eventStart(), r.eventLength());
                                }
                            }
                            boolean lastRecord = lastSegment && r.position() == seg.durableSize;
                            if (kept == 0 && !lastRecord) {
                                buf.truncate(start);
                                continue;
                            }
                            records++;
                            int body = buf.position() - start - SegmentFormat.RECORD_PREFIX;
                            buf.putIntAt(countAt, kept);
                            buf.putIntAt(start, body);
                            c.reset();
                            c.update(buf.slice(start + SegmentFormat.RECORD_PREFIX, body));
                            buf.putIntAt(start + 4, (int) c.getValue());
                            if (buf.position() >= FLUSH_BYTES) {
                                written = writeAll(ch, buf, written);
                            }
                        }
                        if (st != RecordReader.Status.END) {
                            throw new StoreException(seg.path + ": " + st + " record at byte " + r.recordStart()
                                    + " inside the durable part of the log; erase aborted");
                        }
                        writeAll(ch, buf, written);
                        if (removedHere > 0) {
                            ch.force(true);
                        }
                    }
                    if (removedHere == 0) {
                        Files.delete(tmp);
                    } else {
                        plan.add(new Rewrite(seg, tmp, records == 0 && !lastSegment));
                        removed += removedHere;
                    }
                }
            } catch (IOException | RuntimeException e) {
                for (Segment seg : all) {
                    try {
                        Files.deleteIfExists(
                                seg.path.resolveSibling(seg.path.getFileName() + SegmentFormat.REWRITE_SUFFIX));
                    } catch (IOException suppressed) {
                        e.addSuppressed(suppressed);
                    }
                }
                throw e;
            }
            try {
                removeQuarantinedTails();
                for (Rewrite rw : plan) {
                    Segment old = rw.segment();
                    old.channel.close();
                    if (rw.drop()) {
                        Files.delete(old.path);
                        Files.delete(rw.tmp());
                        segments.remove(old.baseOffset);
                    } else {
                        Files.move(rw.tmp(), old.path, StandardCopyOption.ATOMIC_MOVE,
                                StandardCopyOption.REPLACE_EXISTING);
                        FileChannel ch = FileChannel.open(old.path, READ, WRITE);
                        segments.put(old.baseOffset,
                                new Segment(old.baseOffset, old.path, ch, old.headerLength, ch.size()));
                    }
                }
                if (!plan.isEmpty()) {
                    fsyncDirectory(dir);
                }
            } catch (IOException | RuntimeException e) {
                failure = e;
                throw e;
            }
            return removed;
        } catch (IOException e) {
            throw new StoreException("erase in event log of shop " + shop + " failed", e);
        } catch (EventRecordCodec.CorruptDataException e) {
            throw new StoreException(e.getMessage(), e);
        } finally {
            rewriteLock.writeLock().unlock();
        }
    }

    /**
     * Deletes the tails that recovery cut off: they may hold events of the erased subject and cannot be filtered
     * reliably (they are torn or corrupt).
     */
    private void removeQuarantinedTails() throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*" + SegmentFormat.TAIL_SUFFIX + "*")) {
            for (Path p : ds) {
                LOG.log(System.Logger.Level.INFO, "erase deletes cut-off tail {0}", p);
                Files.delete(p);
            }
        }
    }

    private static long writeAll(FileChannel ch, WriteBuffer buf, long position) throws IOException {
        ByteBuffer w = buf.written();
        while (w.hasRemaining()) {
            position += ch.write(w, position);
        }
        buf.clear();
        return position;
    }

    // ------------------------------------------------------------------------------------------------ close

    /** Completes queued appends, stops the writer and the subscriptions, and closes the files. */
    void close() {
        Thread w;
        queueLock.lock();
        try {
            closing = true;
            queued.signalAll();
            w = writer;
        } finally {
            queueLock.unlock();
        }
        if (w != null && w != Thread.currentThread()) { // closed from an append continuation: nothing left to wait for
            boolean interrupted = false;
            while (w.isAlive()) {
                try {
                    w.join(TimeUnit.SECONDS.toMillis(1));
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        for (TailSubscription s : subscribers) {
            s.close();
        }
        rewriteLock.writeLock().lock();
        try {
            closeChannels();
        } finally {
            rewriteLock.writeLock().unlock();
        }
    }

    private void closeChannels() {
        for (Segment s : segments.values()) {
            try {
                s.channel.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot close " + s.path, e);
            }
        }
    }
}
