package org.shoptide.engine.snapshot;

/** A snapshot file that is torn, damaged, of an unknown format version, or not a snapshot at all. */
public final class CorruptSnapshotException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CorruptSnapshotException(String message) {
        super(message);
    }
}
