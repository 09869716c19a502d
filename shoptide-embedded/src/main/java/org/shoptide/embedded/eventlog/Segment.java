package org.shoptide.embedded.eventlog;

import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * One open segment file. Replaced by a new instance (never mutated in place) when an erase rewrites the file, so a
 * reader can tell by identity whether a saved file position is still valid.
 */
final class Segment {
    final long baseOffset;
    final Path path;
    final FileChannel channel;
    final int headerLength;
    /** Bytes written to the file so far; touched by the shop's writer thread only (and erase, which excludes it). */
    long writtenSize;
    /** Bytes of whole records known to be durable; readers never read past it. */
    volatile long durableSize;

    Segment(long baseOffset, Path path, FileChannel channel, int headerLength, long size) {
        this.baseOffset = baseOffset;
        this.path = path;
        this.channel = channel;
        this.headerLength = headerLength;
        this.writtenSize = size;
        this.durableSize = size;
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
