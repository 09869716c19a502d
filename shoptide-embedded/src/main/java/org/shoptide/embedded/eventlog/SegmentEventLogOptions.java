package org.shoptide.embedded.eventlog;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of a {@link SegmentEventLog}.
 *
 * @param segmentBytes
 *            a shop's active segment is rolled (a new file started) once it holds at least this many bytes; a segment
 *            exceeds it by at most one record. Default 64 MiB, minimum 1 KiB.
 * @param fsync
 *            whether commits call {@code FileChannel.force}; on by default. Turning it off gives up durability against
 *            OS crashes and power loss (a process crash still loses nothing acknowledged), and is meant for tests only.
 * @param groupCommitMaxWait
 *            how long the writer lingers after the first queued append to collect more before writing and syncing; zero
 *            (the default) relies on natural group commit only: everything queued while the previous fsync ran is
 *            committed together.
 */
public record SegmentEventLogOptions(long segmentBytes, boolean fsync, Duration groupCommitMaxWait) {
    public static final long DEFAULT_SEGMENT_BYTES = 64L << 20;
    public static final long MIN_SEGMENT_BYTES = 1024;

    public SegmentEventLogOptions {
        if (segmentBytes < MIN_SEGMENT_BYTES) {
            throw new IllegalArgumentException(
                    "segmentBytes must be at least " + MIN_SEGMENT_BYTES + ", got " + segmentBytes);
        }
        Objects.requireNonNull(groupCommitMaxWait, "groupCommitMaxWait");
        if (groupCommitMaxWait.isNegative()) {
            throw new IllegalArgumentException("groupCommitMaxWait must not be negative: " + groupCommitMaxWait);
        }
    }

    /** 64 MiB segments, fsync on, no lingering. */
    public static SegmentEventLogOptions defaults() {
        return new SegmentEventLogOptions(DEFAULT_SEGMENT_BYTES, true, Duration.ZERO);
    }

    public SegmentEventLogOptions withSegmentBytes(long bytes) {
        return new SegmentEventLogOptions(bytes, fsync, groupCommitMaxWait);
    }

    /** Fsync off is for tests only, see {@link #fsync()}. */
    public SegmentEventLogOptions withFsync(boolean on) {
        return new SegmentEventLogOptions(segmentBytes, on, groupCommitMaxWait);
    }

    public SegmentEventLogOptions withGroupCommitMaxWait(Duration wait) {
        return new SegmentEventLogOptions(segmentBytes, fsync, wait);
    }
}
