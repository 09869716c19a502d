package org.shoptide.server.importer;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** A small RFC 4180 CSV reader: comma-separated, double-quoted fields with "" escapes, quoted line breaks allowed. */
public final class Csv {
    private final BufferedReader in;
    private long lineNumber;
    private long recordStartLine;

    public Csv(BufferedReader in) {
        this.in = in;
    }

    /** The next record, or null at the end of input. */
    public List<String> next() throws IOException {
        String line = in.readLine();
        if (line == null) {
            return null;
        }
        lineNumber++;
        recordStartLine = lineNumber;
        List<String> fields = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        int i = 0;
        while (true) {
            if (i >= line.length()) {
                if (quoted) {
                    String more = in.readLine();
                    if (more == null) {
                        throw new IOException("line " + recordStartLine + ": unterminated quoted field");
                    }
                    lineNumber++;
                    cur.append('\n');
                    line = more;
                    i = 0;
                    continue;
                }
                fields.add(cur.toString());
                return fields;
            }
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        cur.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cur.append(c);
                }
            } else if (c == '"' && cur.isEmpty()) {
                quoted = true;
            } else if (c == ',') {
                fields.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
            i++;
        }
    }

    /** The 1-based line on which the last record returned by {@link #next()} starts. */
    public long recordLine() {
        return recordStartLine;
    }
}
