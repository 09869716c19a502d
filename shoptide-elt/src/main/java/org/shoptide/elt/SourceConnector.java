package org.shoptide.elt;

import java.io.IOException;
import java.util.Optional;

/**
 * A source of raw records (the connector port of the ELT). A connector reads what the source holds after a cursor and
 * hands it to a {@link PageSink} as pages, each a local file of raw records with the cursor that follows it; the
 * {@link Lander} lands each page and commits its cursor before asking for more, so a load killed midway resumes from
 * the last committed page. A connector keeps no state between calls: everything it needs to resume is in the cursor.
 * <p>
 * This port lives in shoptide-elt, not shoptide-core: its pages are files for DuckDB to read and only the ELT uses it;
 * the core's profile port ({@code org.shoptide.core.profile.CustomerMart}) is what the rest of the server sees.
 */
public interface SourceConnector {

    /**
     * Reads the source after {@code cursor} (empty: from the beginning) until it has nothing more now, calling {@code
     * sink} once per page in order. An exception leaves the pages accepted so far committed.
     */
    void read(Optional<String> cursor, PageSink sink) throws IOException, InterruptedException;

    /** Receives pages; a page's file may be deleted once {@code accept} returns. */
    @FunctionalInterface
    interface PageSink {
        void accept(RawPage page) throws IOException;
    }
}
