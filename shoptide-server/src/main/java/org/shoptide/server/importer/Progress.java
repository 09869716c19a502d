package org.shoptide.server.importer;

import java.io.PrintStream;
import java.util.Locale;

/** A one-line progress bar on a terminal stream: percent, bar and rate, redrawn at most 10 times a second. */
public final class Progress {
    private static final int WIDTH = 30;
    private final PrintStream out;
    private final String label;
    private final long total;
    private final String unit;
    private final long startNanos = System.nanoTime();
    private long lastDraw;

    /** {@code unit} is "B" for bytes (shown as MB/s) or a word such as "events". */
    public Progress(PrintStream out, String label, long total, String unit) {
        this.out = out;
        this.label = label;
        this.total = Math.max(1, total);
        this.unit = unit;
    }

    public void update(long done) {
        long now = System.nanoTime();
        if (now - lastDraw < 100_000_000L && done < total) {
            return;
        }
        lastDraw = now;
        draw(done);
    }

    public void finish(long done) {
        draw(done);
        out.println();
        out.flush();
    }

    private void draw(long done) {
        double fraction = Math.min(1.0, (double) done / total);
        int filled = (int) Math.round(fraction * WIDTH);
        double seconds = Math.max(1e-3, (System.nanoTime() - startNanos) / 1e9);
        String rate = "B".equals(unit) ? String.format(Locale.ROOT, "%.1f MB/s", done / seconds / 1_000_000)
                : String.format(Locale.ROOT, "%.0f %s/s", done / seconds, unit);
        out.print(String.format(Locale.ROOT, "\r%-10s [%s%s] %3d%%  %s   ", label, "#".repeat(filled),
                ".".repeat(WIDTH - filled), Math.round(fraction * 100), rate));
        out.flush();
    }
}
