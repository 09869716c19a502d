package org.shoptide.engine.json;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small strict JSON (RFC 8259) reader and writer for the engine, which may not depend on a JSON library. It maps
 * objects to insertion-ordered {@code Map<String, Object>}, arrays to {@code List<Object>}, strings to {@link String},
 * numbers to {@link Double} (integers up to 2^53 are exact), booleans to {@link Boolean} and null to {@code null}. Used
 * for the definitions of rule sets and experiments, which are small; not a streaming parser.
 */
public final class MiniJson {
    private static final int MAX_DEPTH = 64;

    private MiniJson() {
    }

    /** Thrown for text that is not JSON; the message names the character offset. */
    public static final class SyntaxException extends IllegalArgumentException {
        private final int offset;

        SyntaxException(String message, int offset) {
            super(message + " at offset " + offset);
            this.offset = offset;
        }

        public int offset() {
            return offset;
        }
    }

    /** Parses one JSON value (surrounding whitespace allowed, nothing else). */
    public static Object parse(String text) {
        Reader r = new Reader(text);
        r.skipWhitespace();
        Object v = r.value(0);
        r.skipWhitespace();
        if (r.pos != text.length()) {
            throw new SyntaxException("unexpected text after the JSON value", r.pos);
        }
        return v;
    }

    /** Compact JSON text of a value built from maps, lists, strings, numbers, booleans and nulls. */
    public static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        write(value, sb);
        return sb.toString();
    }

    private static void write(Object v, StringBuilder sb) {
        switch (v) {
            case null -> sb.append("null");
            case String s -> quote(s, sb);
            case Boolean b -> sb.append(b);
            case Double d -> number(d, sb);
            case Float f -> number(f.doubleValue(), sb);
            case Number n -> sb.append(n.longValue());
            case Map<?, ?> m -> {
                sb.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (!first) {
                        sb.append(',');
                    }
                    first = false;
                    quote(String.valueOf(e.getKey()), sb);
                    sb.append(':');
                    write(e.getValue(), sb);
                }
                sb.append('}');
            }
            case Iterable<?> it -> {
                sb.append('[');
                boolean first = true;
                for (Object o : it) {
                    if (!first) {
                        sb.append(',');
                    }
                    first = false;
                    write(o, sb);
                }
                sb.append(']');
            }
            default -> throw new IllegalArgumentException("cannot write " + v.getClass().getName() + " as JSON");
        }
    }

    private static void number(double d, StringBuilder sb) {
        if (!Double.isFinite(d)) {
            throw new IllegalArgumentException("JSON has no " + d);
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            sb.append((long) d);
        } else {
            sb.append(d);
        }
    }

    private static void quote(String s, StringBuilder sb) {
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
                    if (c < 0x20 || (Character.isSurrogate(c) && !validSurrogateAt(s, i))) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    private static boolean validSurrogateAt(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    private static final class Reader {
        final String s;
        int pos;

        Reader(String s) {
            this.s = s;
        }

        void skipWhitespace() {
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                    pos++;
                } else {
                    return;
                }
            }
        }

        Object value(int depth) {
            if (depth > MAX_DEPTH) {
                throw new SyntaxException("JSON nested deeper than " + MAX_DEPTH, pos);
            }
            if (pos >= s.length()) {
                throw new SyntaxException("unexpected end of JSON", pos);
            }
            char c = s.charAt(pos);
            return switch (c) {
                case '{' -> object(depth);
                case '[' -> array(depth);
                case '"' -> string();
                case 't' -> literal("true", true);
                case 'f' -> literal("false", false);
                case 'n' -> literal("null", null);
                default -> {
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        yield number();
                    }
                    throw new SyntaxException("unexpected character '" + c + "'", pos);
                }
            };
        }

        Object literal(String word, Object v) {
            if (!s.startsWith(word, pos)) {
                throw new SyntaxException("expected " + word, pos);
            }
            pos += word.length();
            return v;
        }

        Map<String, Object> object(int depth) {
            pos++;
            Map<String, Object> m = new LinkedHashMap<>();
            skipWhitespace();
            if (peek() == '}') {
                pos++;
                return m;
            }
            while (true) {
                skipWhitespace();
                if (peek() != '"') {
                    throw new SyntaxException("expected a member name in quotes", pos);
                }
                int at = pos;
                String key = string();
                if (m.containsKey(key)) {
                    throw new SyntaxException("duplicate member \"" + key + "\"", at);
                }
                skipWhitespace();
                expect(':');
                skipWhitespace();
                m.put(key, value(depth + 1));
                skipWhitespace();
                char c = next();
                if (c == '}') {
                    return m;
                }
                if (c != ',') {
                    throw new SyntaxException("expected ',' or '}'", pos - 1);
                }
            }
        }

        List<Object> array(int depth) {
            pos++;
            List<Object> l = new ArrayList<>();
            skipWhitespace();
            if (peek() == ']') {
                pos++;
                return l;
            }
            while (true) {
                skipWhitespace();
                l.add(value(depth + 1));
                skipWhitespace();
                char c = next();
                if (c == ']') {
                    return Collections.unmodifiableList(l);
                }
                if (c != ',') {
                    throw new SyntaxException("expected ',' or ']'", pos - 1);
                }
            }
        }

        String string() {
            expect('"');
            StringBuilder sb = new StringBuilder();
            while (true) {
                if (pos >= s.length()) {
                    throw new SyntaxException("unterminated string", pos);
                }
                char c = s.charAt(pos++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c < 0x20) {
                    throw new SyntaxException("control character in string", pos - 1);
                }
                if (c != '\\') {
                    sb.append(c);
                    continue;
                }
                char e = next();
                switch (e) {
                    case '"', '\\', '/' -> sb.append(e);
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'u' -> {
                        if (pos + 4 > s.length()) {
                            throw new SyntaxException("truncated \\u escape", pos);
                        }
                        try {
                            sb.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                        } catch (NumberFormatException ex) {
                            throw new SyntaxException("bad \\u escape", pos);
                        }
                        pos += 4;
                    }
                    default -> throw new SyntaxException("bad escape '\\" + e + "'", pos - 1);
                }
            }
        }

        Double number() {
            int start = pos;
            if (peek() == '-') {
                pos++;
            }
            if (peek() == '0') {
                pos++;
            } else if (isDigit(peek())) {
                while (isDigit(peek())) {
                    pos++;
                }
            } else {
                throw new SyntaxException("bad number", start);
            }
            if (peek() == '.') {
                pos++;
                if (!isDigit(peek())) {
                    throw new SyntaxException("bad number", start);
                }
                while (isDigit(peek())) {
                    pos++;
                }
            }
            if (peek() == 'e' || peek() == 'E') {
                pos++;
                if (peek() == '+' || peek() == '-') {
                    pos++;
                }
                if (!isDigit(peek())) {
                    throw new SyntaxException("bad number", start);
                }
                while (isDigit(peek())) {
                    pos++;
                }
            }
            double d = Double.parseDouble(s.substring(start, pos));
            if (!Double.isFinite(d)) {
                throw new SyntaxException("number out of range", start);
            }
            return d;
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }

        char peek() {
            return pos < s.length() ? s.charAt(pos) : '\0';
        }

        char next() {
            if (pos >= s.length()) {
                throw new SyntaxException("unexpected end of JSON", pos);
            }
            return s.charAt(pos++);
        }

        void expect(char c) {
            if (next() != c) {
                throw new SyntaxException("expected '" + c + "'", pos - 1);
            }
        }
    }
}
