package org.shoptide.engine.api;

/** What erasing a user removed. */
public record ErasureResult(boolean userRowDeleted, long eventsErased, int aliasesRemoved) {
}
