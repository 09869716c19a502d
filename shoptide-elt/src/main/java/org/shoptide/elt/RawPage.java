package org.shoptide.elt;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A page of raw records read from a source.
 *
 * @param file
 *            the records (a local file)
 * @param format
 *            their encoding
 * @param cursorAfter
 *            the cursor a later read resumes from once this page is landed
 * @param temporary
 *            whether {@code file} is a scratch file the lander deletes after landing it
 */
public record RawPage(Path file, RawFormat format, String cursorAfter, boolean temporary) {
    public RawPage {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(cursorAfter, "cursorAfter");
    }
}
