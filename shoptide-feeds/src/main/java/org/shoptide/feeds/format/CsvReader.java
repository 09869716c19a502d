package org.shoptide.feeds.format;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 records: fields separated by a delimiter, optionally enclosed in double quotes (a quote inside is doubled),
 * quoted fields may span lines; CRLF, LF or CR end a record; a UTF-8 byte-order mark is skipped; blank lines are
 * skipped. Each record remembers the line it starts on.
 */
final class CsvReader {
    /** One record and the 1-based line it starts on. */
    record Row(int line, List<String> fields) {
    }

    /** A syntax error and the line it is on. */
    static final class CsvSyntaxException extends Exception {
        private static final long serialVersionUID = 1L;
        final int line;

        CsvSyntaxException(int line, String message) {
            super(message);
            this.line = line;
        }
    }

    private CsvReader() {
    }

    static List<Row> read(String text, char delimiter) throws CsvSyntaxException {
        List<Row> rows = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int line = 1;
        int rowLine = 1;
        int i = text.startsWith("\uFEFF") ? 1 : 0;
        boolean quoted = false;
        boolean afterQuote = false;
        int quoteLine = 0;
        boolean rowHasContent = false;
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                        afterQuote = true;
                    }
                } else {
                    if (c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
                        line++;
                    }
                    field.append(c);
                }
                continue;
            }
            if (c == delimiter) {
                fields.add(field.toString());
                field.setLength(0);
                afterQuote = false;
                rowHasContent = true;
            } else if (c == '\r' || c == '\n') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                if (rowHasContent || !field.isEmpty() || afterQuote) {
                    fields.add(field.toString());
                    rows.add(new Row(rowLine, List.copyOf(fields)));
                }
                fields.clear();
                field.setLength(0);
                afterQuote = false;
                rowHasContent = false;
                line++;
                rowLine = line;
            } else if (c == '"') {
                if (!field.isEmpty() || afterQuote) {
                    throw new CsvSyntaxException(line, "a quote inside an unquoted field (quote the whole field and"
                            + " double the quotes inside it)");
                }
                quoted = true;
                quoteLine = line;
            } else {
                if (afterQuote) {
                    throw new CsvSyntaxException(line, "text after the closing quote of a field");
                }
                field.append(c);
            }
        }
        if (quoted) {
            throw new CsvSyntaxException(quoteLine, "a quoted field is never closed");
        }
        if (rowHasContent || !field.isEmpty() || afterQuote) {
            fields.add(field.toString());
            rows.add(new Row(rowLine, List.copyOf(fields)));
        }
        return rows;
    }
}
