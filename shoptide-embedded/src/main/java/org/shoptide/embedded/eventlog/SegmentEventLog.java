package org.shoptide.embedded.eventlog;

import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.WRITE;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.shoptide.core.event.Event;
import org.shoptide.core.port.EventLog;
import org.shoptide.core.port.StoreException;
import org.shoptide.core.shop.ShopId;

/**
 * Durable {@link EventLog} in segment files, one directory per shop.
 * <h2>Layout</h2> {@code <root>/<shopId>/<base offset, 20 digits>.seg}, e.g. {@code 00000000000000000000.seg}; a shop's
 * active (last) segment is rolled when it holds at least {@link SegmentEventLogOptions#segmentBytes()}.
 * {@code <root>/.lock} is locked while a process has the log open.
 * <h2>Segment format, version 1</h2> Big-endian. Header:
 *
 * <pre>
 * 0   4  magic "STEL"
 * 4   2  format version (1); any other value fails with "unsupported segment format version"
 * 6   2  header length H = 21 + n
 * 8   8  base offset (equals the file name)
 * 16  1  shop id length n (1..64)
 * 17  n  shop id, ASCII
 * H-4 4  CRC32C of bytes [0, H-4)
 * </pre>
 *
 * then records, one per {@link #append} call, so a batch is atomic on disk:
 *
 * <pre>
 * 0   4  body length L (bytes after the CRC field, 16..256 MiB)
 * 4   4  CRC32C of the L body bytes
 * 8   8  first offset F
 * 16  4  offset span S: the batch got offsets [F, F+S); the shop's end offset after this record is F+S
 * 20  4  event count C (C = S when written, fewer after an erase)
 * 24  .. C times: offset delta u32 (event offset = F + delta, ascending, &lt; S), event length u32, event bytes
 *        ({@link EventRecordCodec})
 * </pre>
 *
 * <h2>Writing</h2> One writer thread per shop ({@code shoptide-eventlog-writer-<shop>}) drains the shop's append queue,
 * assigns offsets in queue order, encodes every queued batch as a record into one reused direct buffer, writes it,
 * calls {@code force(false)} once, publishes the new end and only then completes the futures (group commit). Per-shop
 * writers keep shops independent: an erase or a slow disk sync of one shop never delays another, and their fsyncs run
 * in parallel. Futures complete on the writer thread: non-async continuations must be short and must never block on
 * another append of the same shop (that would deadlock the writer); use the {@code *Async} variants for such work. An
 * append that failed may still be found after a reopen (it was written but its sync failed); after an I/O error the
 * shop refuses appends until the log is reopened, since the state of unsynced pages is then unknown.
 * <h2>Recovery</h2> On open, each shop's last segment is scanned, verifying every record's length and CRC; the first
 * torn or corrupt record and everything after it is cut off (the cut bytes are saved next to the segment as
 * {@code <segment>.tail-<millis>} for forensics), so no whole, checksummed record before it is dropped. Earlier
 * segments were synced before the roll and get a header check only. A last segment too short for its header (a crash
 * while rolling) is deleted. Leftover {@code .rewrite} files of an interrupted erase are deleted.
 * <h2>Reading</h2> Replay finds the segment by base offset, then the nearest entry at or before the start offset in the
 * segment's in-memory sparse index (one record start per MiB, see {@link Segment}), reads from there in large
 * positional reads and skips records, then events, before the start offset. Readers never read past what is durable.
 * Subscriptions ({@code shoptide-eventlog-tail-<shop>-<n>}) run on their own threads, keep their read position between
 * commits and are unparked by the writer after each commit.
 * <h2>Erase</h2> Rewrites each affected segment into a {@code .rewrite} file without the matching events (the others
 * keep their bytes and offsets), syncs it and renames it atomically over the original, while only that shop's writer
 * and readers wait.
 */
public final class SegmentEventLog implements EventLog {
    private final Path root;
    private final SegmentEventLogOptions options;
    private final ConcurrentHashMap<ShopId, ShopLog> shops = new ConcurrentHashMap<>();
    private final FileChannel lockChannel;
    private final FileLock lock;
    private volatile boolean closed;

    private SegmentEventLog(Path root, SegmentEventLogOptions options) throws IOException {
        this.root = root;
        this.options = options;
        Files.createDirectories(root);
        lockChannel = FileChannel.open(root.resolve(".lock"), CREATE, WRITE);
        FileLock l;
        try {
            l = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            l = null;
        }
        if (l == null) {
            lockChannel.close();
            throw new StoreException("event log " + root + " is already open (by this or another process)");
        }
        lock = l;
        List<ShopLog> opened = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (Files.isDirectory(p) && ShopId.isValid(name)) {
                    ShopLog shopLog = ShopLog.recover(ShopId.of(name), p, options);
                    opened.add(shopLog);
                    shops.put(shopLog.shop, shopLog);
                }
            }
        } catch (IOException | RuntimeException e) {
            opened.forEach(ShopLog::close);
            lock.release();
            lockChannel.close();
            throw e;
        }
    }

    /**
     * Opens (creating if needed) the log under {@code root}, recovering every shop's last segment.
     *
     * @throws StoreException
     *             if the files cannot be read, a segment has an unknown format version, or the log is already open
     */
    public static SegmentEventLog open(Path root, SegmentEventLogOptions options) {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(options, "options");
        try {
            return new SegmentEventLog(root, options);
        } catch (IOException e) {
            throw new StoreException("cannot open event log " + root + ": " + e.getMessage(), e);
        }
    }

    /** Opens with {@link SegmentEventLogOptions#defaults()}. */
    public static SegmentEventLog open(Path root) {
        return open(root, SegmentEventLogOptions.defaults());
    }

    public Path root() {
        return root;
    }

    public SegmentEventLogOptions options() {
        return options;
    }

    private ShopLog shopLog(ShopId shop) {
        Objects.requireNonNull(shop, "shop");
        ShopLog l = shops.get(shop);
        if (l != null) {
            return l;
        }
        synchronized (shops) {
            if (closed) {
                throw new StoreException("event log is closed");
            }
            return shops.computeIfAbsent(shop, s -> new ShopLog(s, root.resolve(s.value()), options));
        }
    }

    /** The shop's log if it was opened or appended to (package-private, for tests). */
    ShopLog shopLogIfPresent(ShopId shop) {
        return shops.get(shop);
    }

    @Override
    public CompletableFuture<Long> append(ShopId shop, List<Event> events) {
        Objects.requireNonNull(events, "events");
        if (closed) {
            return CompletableFuture.failedFuture(new StoreException("event log is closed"));
        }
        try {
            return shopLog(shop).append(events);
        } catch (StoreException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The end of what is durable: pending appends are not counted until their commit. */
    @Override
    public long endOffset(ShopId shop) {
        ShopLog l = shops.get(Objects.requireNonNull(shop, "shop"));
        return l == null ? 0 : l.committedEnd();
    }

    @Override
    public void replay(ShopId shop, long fromOffset, EventConsumer consumer) {
        if (fromOffset < 0) {
            throw new IllegalArgumentException("fromOffset must be >= 0, got " + fromOffset);
        }
        Objects.requireNonNull(consumer, "consumer");
        ensureOpen();
        ShopLog l = shops.get(Objects.requireNonNull(shop, "shop"));
        if (l != null) {
            l.read(fromOffset, l.committedEnd(), consumer);
        }
    }

    @Override
    public Subscription subscribe(ShopId shop, long fromOffset, EventConsumer consumer) {
        Objects.requireNonNull(consumer, "consumer");
        ensureOpen();
        return shopLog(shop).subscribe(fromOffset, consumer);
    }

    @Override
    public Set<ShopId> shops() {
        Set<ShopId> result = new TreeSet<>();
        shops.forEach((id, l) -> {
            if (l.created()) {
                result.add(id);
            }
        });
        return Collections.unmodifiableSet(result);
    }

    @Override
    public long erase(ShopId shop, Predicate<Event> matching) {
        Objects.requireNonNull(matching, "matching");
        ensureOpen();
        ShopLog l = shops.get(Objects.requireNonNull(shop, "shop"));
        return l == null ? 0 : l.erase(matching);
    }

    private void ensureOpen() {
        if (closed) {
            throw new StoreException("event log is closed");
        }
    }

    /** Commits every queued append, stops writers and subscriptions, closes the files and releases the lock. */
    @Override
    public void close() {
        synchronized (shops) {
            if (closed) {
                return;
            }
            closed = true;
        }
        shops.values().forEach(ShopLog::close);
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            throw new StoreException("cannot release lock of event log " + root, e);
        }
    }
}
