package org.shoptide.core.store;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Minimal JSON (RFC 8259) for the list and map columns of the SQL entity stores (SQLite and PostgreSQL adapters):
 * arrays of strings, objects of strings and objects of numbers. Encoding escapes {@code "}, {@code \}, control
 * characters and unpaired surrogates ({@code \}{@code uXXXX}); all other characters are written as is. Object keys are
 * written in sorted order so equal maps encode equally. Decoding accepts any JSON of the expected shape, including
 * {@code \}{@code uXXXX} escapes and surrogate pairs.
 */
public final class JsonColumns {

    private JsonColumns() {
    }

    public static String encodeList(List<String> values) {
        StringBuilder sb = new StringBuilder(16 + values.size() * 16).append('[');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            quote(values.get(i), sb);
        }
        return sb.append(']').toString();
    }

    public static String encodeMap(Map<String, String> map) {
        StringBuilder sb = new StringBuilder(16 + map.size() * 32).append('{');
        boolean first = true;
        for (Map.Entry<String, String> e : new TreeMap<>(map).entrySet()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            quote(e.getKey(), sb);
            sb.append(':');
            quote(e.getValue(), sb);
        }
        return sb.append('}').toString();
    }

    /** Encodes finite numbers; {@link Double#toString} round-trips exactly through {@link Double#parseDouble}. */
    public static String encodeNumberMap(Map<String, Double> map) {
        StringBuilder sb = new StringBuilder(16 + map.size() * 24).append('{');
        boolean first = true;
        for (Map.Entry<String, Double> e : new TreeMap<>(map).entrySet()) {
            double v = e.getValue();
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("not a finite number for '" + e.getKey() + "': " + v);
            }
            if (!first) {
                sb.append(',');
            }
            first = false;
            quote(e.getKey(), sb);
            sb.append(':').append(v);
        }
        return sb.append('}').toString();
    }

    public static void quote(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    boolean unpaired = Character.isHighSurrogate(c)
                            ? i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))
                            : Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)));
                    if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029' || unpaired) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    public static List<String> decodeList(String json) {
        Object v = new Parser(json).parseDocument();
        if (!(v instanceof List<?> list)) {
            throw new IllegalArgumentException("expected a JSON array of strings: " + abbreviate(json));
        }
        List<String> out = new ArrayList<>(list.size());
        for (Object o : list) {
            if (!(o instanceof String s)) {
                throw new IllegalArgumentException("expected a JSON array of strings: " + abbreviate(json));
            }
            out.add(s);
        }
        return Collections.unmodifiableList(out);
    }

    public static Map<String, String> decodeMap(String json) {
        Object v = new Parser(json).parseDocument();
        if (!(v instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("expected a JSON object of strings: " + abbreviate(json));
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getValue() instanceof String s)) {
                throw new IllegalArgumentException("expected a JSON object of strings: " + abbreviate(json));
            }
            out.put((String) e.getKey(), s);
        }
        return out;
    }

    public static Map<String, Double> decodeNumberMap(String json) {
        Object v = new Parser(json).parseDocument();
        if (!(v instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("expected a JSON object of numbers: " + abbreviate(json));
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getValue() instanceof Double d)) {
                throw new IllegalArgumentException("expected a JSON object of numbers: " + abbreviate(json));
            }
            out.put((String) e.getKey(), d);
        }
        return out;
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    /** Recursive-descent parser producing String, Double, Boolean, null, List and LinkedHashMap values. */
    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        Object parseDocument() {
            Object v = value();
            skipWhitespace();
            if (pos != s.length()) {
                throw error("trailing characters");
            }
            return v;
        }

        private Object value() {
            skipWhitespace();
            if (pos >= s.length()) {
                throw error("unexpected end");
            }
            char c = s.charAt(pos);
            return switch (c) {
                case '"' -> string();
                case '[' -> array();
                case '{' -> object();
                case 't' -> literal("true", true);
                case 'f' -> literal("false", false);
                case 'n' -> literal("null", null);
                default -> {
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        yield number();
                    }
                    throw error("unexpected character '" + c + "'");
                }
            };
        }

        private Object literal(String word, Object value) {
            if (!s.startsWith(word, pos)) {
                throw error("expected " + word);
            }
            pos += word.length();
            return value;
        }

        private Double number() {
            int start = pos;
            while (pos < s.length() && "+-0123456789.eE".indexOf(s.charAt(pos)) >= 0) {
                pos++;
            }
            try {
                return Double.parseDouble(s.substring(start, pos));
            } catch (NumberFormatException e) {
                throw error("bad number");
            }
        }

        private List<Object> array() {
            pos++; // [
            List<Object> list = new ArrayList<>();
            skipWhitespace();
            if (peek() == ']') {
                pos++;
                return list;
            }
            while (true) {
                list.add(value());
                skipWhitespace();
                char c = next();
                if (c == ']') {
                    return list;
                }
                if (c != ',') {
                    throw error("expected ',' or ']'");
                }
            }
        }

        private Map<String, Object> object() {
            pos++; // {
            Map<String, Object> map = new LinkedHashMap<>();
            skipWhitespace();
            if (peek() == '}') {
                pos++;
                return map;
            }
            while (true) {
                skipWhitespace();
                if (peek() != '"') {
                    throw error("expected a string key");
                }
                String key = string();
                skipWhitespace();
                if (next() != ':') {
                    throw error("expected ':'");
                }
                map.put(key, value());
                skipWhitespace();
                char c = next();
                if (c == '}') {
                    return map;
                }
                if (c != ',') {
                    throw error("expected ',' or '}'");
                }
            }
        }

        private String string() {
            pos++; // opening quote
            StringBuilder sb = new StringBuilder();
            while (true) {
                char c = next();
                if (c == '"') {
                    return sb.toString();
                }
                if (c == '\\') {
                    char e = next();
                    switch (e) {
                        case '"' -> sb.append('"');
                        case '\\' -> sb.append('\\');
                        case '/' -> sb.append('/');
                        case 'b' -> sb.append('\b');
                        case 'f' -> sb.append('\f');
                        case 'n' -> sb.append('\n');
                        case 'r' -> sb.append('\r');
                        case 't' -> sb.append('\t');
                        case 'u' -> {
                            if (pos + 4 > s.length()) {
                                throw error("truncated \\u escape");
                            }
                            try {
                                sb.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                            } catch (NumberFormatException ex) {
                                throw error("bad \\u escape");
                            }
                            pos += 4;
                        }
                        default -> throw error("bad escape '\\" + e + "'");
                    }
                } else if (c < 0x20) {
                    throw error("unescaped control character");
                } else {
                    sb.append(c);
                }
            }
        }

        private char peek() {
            return pos < s.length() ? s.charAt(pos) : '\0';
        }

        private char next() {
            if (pos >= s.length()) {
                throw error("unexpected end");
            }
            return s.charAt(pos++);
        }

        private void skipWhitespace() {
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                    return;
                }
                pos++;
            }
        }

        private IllegalArgumentException error(String what) {
            return new IllegalArgumentException("invalid JSON at " + pos + ": " + what + " in " + abbreviate(s));
        }
    }
}
