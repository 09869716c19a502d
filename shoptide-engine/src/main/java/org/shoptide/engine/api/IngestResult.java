package org.shoptide.engine.api;

/**
 * Outcome of an accepted batch.
 *
 * @param accepted
 *            events newly stored
 * @param duplicates
 *            events skipped because their client event id was already stored
 * @param firstOffset
 *            log offset of the first stored event, or -1 if none was stored
 */
public record IngestResult(int accepted, int duplicates, long firstOffset) {
}
