package org.shoptide.eval.data;

import java.util.ArrayList;
import java.util.List;

/**
 * A dataset file that cannot be loaded: names the file and every bad line found (up to {@link #MAX_LISTED}, then the
 * count of the others), so a user fixes them in one go. Nothing is loaded from a file with a bad line.
 */
public final class DatasetException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    /** Problems listed in the message; the rest are counted. */
    public static final int MAX_LISTED = 20;

    private final List<String> problems;
    private final long total;

    DatasetException(String file, List<String> problems, long total) {
        super(message(file, problems, total));
        this.problems = List.copyOf(problems);
        this.total = total;
    }

    private static String message(String file, List<String> problems, long total) {
        StringBuilder sb = new StringBuilder();
        sb.append(file).append(": ").append(total).append(total == 1 ? " bad line" : " bad lines")
                .append(", nothing loaded");
        for (String p : problems) {
            sb.append("\n  ").append(p);
        }
        if (total > problems.size()) {
            sb.append("\n  ... and ").append(total - problems.size()).append(" more");
        }
        return sb.toString();
    }

    /** The listed problems, each {@code line N: message}. */
    public List<String> problems() {
        return problems;
    }

    public long total() {
        return total;
    }

    /** Collects the problems of one file while it is read. */
    static final class Collector {
        private final String file;
        private final List<String> listed = new ArrayList<>();
        private long total;

        Collector(String file) {
            this.file = file;
        }

        void add(long line, String message) {
            total++;
            if (listed.size() < MAX_LISTED) {
                listed.add("line " + line + ": " + message);
            }
        }

        boolean any() {
            return total > 0;
        }

        void throwIfAny() {
            if (total > 0) {
                throw new DatasetException(file, listed, total);
            }
        }
    }
}
