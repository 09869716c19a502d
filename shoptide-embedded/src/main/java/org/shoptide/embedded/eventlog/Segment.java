package org.shoptide.embedded.eventlog;

import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * One open segment file. Replaced by a new instance when an erase rewrites the file, so a reader can tell by identity
 * whether a saved file position is still valid.
 * <p>
 * Holds a sparse in-memory index, first offset to file position, of the first durable record starting in each
 * {@link #INDEX_INTERVAL} block of the file, filled by the writer after each sync and by readers as they scan (all
 * entries are valid record starts, so concurrent fills are harmless). Replay from an offset then scans at most about
 * one interval instead of the whole segment.
 */
final class Segment {
    static final long INDEX_INTERVAL = 1 << 20;

    final long baseOffset;
    final Path path;
    final FileChannel channel;
    final int headerLength;
    /** Bytes written to the file so far; touched by the shop's writer thread only (and erase, which excludes it). */
    long writtenSize;
    /** Bytes of whole records known to be durable; readers never read past it. */
    volatile long durableSize;
    /** Start of the last record written; writer thread only, -1 when unknown. */
    long lastRecordStart = -1;
    final ConcurrentSkipListMap<Long, Long> index = new ConcurrentSkipListMap<>();

    Segment(long baseOffset, Path path, FileChannel channel, int headerLength, long size) {
        this.baseOffset = baseOffset;
        this.path = path;
        this.channel = channel;
        this.headerLength = headerLength;
        this.writtenSize = size;
        this.durableSize = size;
    }

    /** Whether a record starting at {@code start}, after one at {@code previousStart} (-1: none seen), is indexed. */
    boolean indexWorthy(long previousStart, long start) {
        return previousStart < 0 ? start == headerLength : start / INDEX_INTERVAL != previousStart / INDEX_INTERVAL;
    }

    /** Records a durable record start for {@link #index}. */
    void index(long previousStart, long start, long firstOffset) {
        if (indexWorthy(previousStart, start)) {
            index.putIfAbsent(firstOffset, start);
        }
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
