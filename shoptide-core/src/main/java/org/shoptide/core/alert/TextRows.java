package org.shoptide.core.alert;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The text form the alert stores keep labels and silence matchers in (one column, no JSON library in the core): rows
 * separated by a line feed, fields by a tab; backslash, tab and line feed inside a field are escaped as {@code \\},
 * {@code \t} and {@code \n}.
 */
public final class TextRows {
    private TextRows() {
    }

    public static String encode(List<List<String>> rows) {
        StringBuilder b = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            if (r > 0) {
                b.append('\n');
            }
            List<String> row = rows.get(r);
            for (int f = 0; f < row.size(); f++) {
                if (f > 0) {
                    b.append('\t');
                }
                b.append(row.get(f).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n"));
            }
        }
        return b.toString();
    }

    public static List<List<String>> decode(String text) {
        List<List<String>> rows = new ArrayList<>();
        if (text.isEmpty()) {
            return rows;
        }
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                char n = text.charAt(++i);
                field.append(n == 't' ? '\t' : n == 'n' ? '\n' : n);
            } else if (c == '\t') {
                row.add(field.toString());
                field.setLength(0);
            } else if (c == '\n') {
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
            } else {
                field.append(c);
            }
        }
        row.add(field.toString());
        rows.add(row);
        return rows;
    }

    public static String encodeLabels(Map<String, String> labels) {
        List<List<String>> rows = new ArrayList<>();
        new TreeMap<>(labels).forEach((k, v) -> rows.add(List.of(k, v)));
        return encode(rows);
    }

    public static Map<String, String> decodeLabels(String text) {
        Map<String, String> out = new TreeMap<>();
        for (List<String> row : decode(text)) {
            out.put(row.get(0), row.size() > 1 ? row.get(1) : "");
        }
        return out;
    }

    public static String encodeMatchers(List<Silence.Matcher> matchers) {
        return encode(matchers.stream().map(m -> List.of(m.name(), m.regex() ? "=~" : "=", m.value())).toList());
    }

    public static List<Silence.Matcher> decodeMatchers(String text) {
        return decode(text).stream().map(
                r -> new Silence.Matcher(r.get(0), r.size() > 2 ? r.get(2) : "", r.size() > 1 && "=~".equals(r.get(1))))
                .toList();
    }
}
