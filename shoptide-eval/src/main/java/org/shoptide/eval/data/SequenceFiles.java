package org.shoptide.eval.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.shoptide.core.event.EventType;

/**
 * Loaders of the two plain-text sequence formats of the sequential-recommendation literature. Neither has timestamps
 * nor ratings: every line is an implicit interaction, in time order per user.
 * <ul>
 * <li>{@link Layout#PAIRS} (SASRec, Kang &amp; McAuley 2018, {@code data/ml-1m.txt}): one {@code user item} pair per
 * line; a user's lines need not be adjacent, their file order is their time order.
 * <li>{@link Layout#LINES} (S3-Rec, Zhou et al. 2020, {@code data/*.txt}): one line per user,
 * {@code user item1 item2 ...} oldest first. A user appearing on two lines continues their sequence.
 * </ul>
 * Tokens are separated by spaces or tabs; ids are kept as strings. Blank lines are skipped. A line with the wrong
 * number of tokens is an error naming its number. Each row is recorded as a {@code purchase} of quantity 1 (the harness
 * masks, and the engine excludes, purchased items, as the protocol's history filter requires), weighted as the server
 * weighs a purchase.
 * <p>
 * <b>Synthetic time.</b> The k-th of a user's n interactions (k from 0) gets {@link #SYNTHETIC_END} minus (n-1-k)
 * seconds: the order within each user is kept, and every user's last interaction falls on the same instant, so no user
 * looks more recent than another to time-decayed popularity. Only the leave-one-out protocol is meaningful on such
 * data.
 */
public final class SequenceFiles {
    /** Where the synthetic time line of every user ends (2020-01-01T00:00:00Z). */
    public static final Instant SYNTHETIC_END = Instant.parse("2020-01-01T00:00:00Z");
    private static final Pattern SPACE = Pattern.compile("[ \\t]+");

    /** The two layouts. */
    public enum Layout {
        PAIRS("sasrec"), LINES("s3rec");

        final String format;

        Layout(String format) {
            this.format = format;
        }
    }

    private SequenceFiles() {
    }

    public static Interactions load(Path path, Layout layout, ProductionWeights weights) throws IOException {
        float w = weights.weight(EventType.PURCHASE, Double.NaN, 1);
        Interactions.Builder b = new Interactions.Builder(
                new Interactions.Provenance(layout.format, path.toString(), "", "", 0, false, Map.of()));
        DatasetException.Collector problems = new DatasetException.Collector(path.toString());
        long lines = 0;
        long blank = 0;
        int[] position = new int[1024];
        int[] perUser = new int[1024];
        try (Source src = Source.open(path)) {
            BufferedReader r = src.reader();
            String text;
            while ((text = r.readLine()) != null) {
                lines++;
                String t = text.strip();
                if (t.isEmpty()) {
                    blank++;
                    continue;
                }
                String[] tok = SPACE.split(t);
                if (layout == Layout.PAIRS && tok.length != 2) {
                    problems.add(lines, "expected 'user item' (2 tokens), got " + tok.length + ": " + excerpt(t));
                    continue;
                }
                if (layout == Layout.LINES && tok.length < 2) {
                    problems.add(lines, "expected 'user item1 item2 ...' (at least 2 tokens), got: " + excerpt(t));
                    continue;
                }
                if (problems.any()) {
                    continue; // keep scanning for more problems, load nothing
                }
                for (int k = 1; k < tok.length; k++) {
                    int row = b.add(tok[0], tok[k], EventType.PURCHASE, w, 0, 1, Double.NaN, Float.NaN, null);
                    int u = b.user(row);
                    if (u == perUser.length) {
                        perUser = Arrays.copyOf(perUser, u * 2);
                    }
                    if (row == position.length) {
                        position = Arrays.copyOf(position, row * 2);
                    }
                    position[row] = perUser[u]++;
                }
            }
            problems.throwIfAny();
            String[] sums = src.checksums();
            long end = SYNTHETIC_END.toEpochMilli();
            for (int row = 0; row < b.rows(); row++) {
                int n = perUser[b.user(row)];
                b.time(row, end - (n - 1L - position[row]) * 1000L);
            }
            Map<String, Long> cleaning = new LinkedHashMap<>();
            cleaning.put("lines", lines);
            cleaning.put("blankLines", blank);
            cleaning.put("rows", (long) b.rows());
            b.provenance(new Interactions.Provenance(layout.format, path.toString(), sums[0], sums[1], Files.size(path),
                    false, cleaning));
        }
        return b.build();
    }

    static String excerpt(String s) {
        return s.length() <= 80 ? "'" + s + "'" : "'" + s.substring(0, 77) + "...'";
    }
}
