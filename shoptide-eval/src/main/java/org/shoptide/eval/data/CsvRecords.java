package org.shoptide.eval.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 records from a reader: comma-separated, fields optionally in double quotes, {@code ""} an escaped quote
 * inside quotes, line breaks allowed inside quotes. Tracks the line number where each record starts, for error
 * messages.
 */
final class CsvRecords {
    private final BufferedReader reader;
    private long line;
    private long recordLine;

    CsvRecords(BufferedReader reader) {
        this.reader = reader;
    }

    /** 1-based line number where the last returned record started. */
    long recordLine() {
        return recordLine;
    }

    /**
     * The next record's fields, or null at the end of the input.
     *
     * @throws IllegalArgumentException
     *             when a quoted field is not closed before the end of the input
     */
    List<String> next() throws IOException {
        String text = reader.readLine();
        if (text == null) {
            return null;
        }
        line++;
        recordLine = line;
        List<String> fields = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        boolean quoted = false;
        int i = 0;
        while (true) {
            if (i == text.length()) {
                if (quoted) {
                    String more = reader.readLine();
                    if (more == null) {
                        throw new IllegalArgumentException(
                                "unclosed quote in the record starting on line " + recordLine);
                    }
                    line++;
                    f.append('\n');
                    text = more;
                    i = 0;
                    continue;
                }
                fields.add(f.toString());
                return fields;
            }
            char c = text.charAt(i++);
            if (quoted) {
                if (c == '"') {
                    if (i < text.length() && text.charAt(i) == '"') {
                        f.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    f.append(c);
                }
            } else if (c == '"' && f.isEmpty()) {
                quoted = true;
            } else if (c == ',') {
                fields.add(f.toString());
                f.setLength(0);
            } else {
                f.append(c);
            }
        }
    }
}
