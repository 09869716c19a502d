package org.shoptide.engine.rules;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.shoptide.engine.rules.Expression.Node;
import org.shoptide.engine.rules.Expression.Op;
import org.shoptide.engine.rules.Expression.TextField;

/**
 * Recursive-descent parser of the rule expression language (see {@link Expression}):
 *
 * <pre>
 * or      := and ("||" and)*
 * and     := unary ("&amp;&amp;" unary)*
 * unary   := "!" unary | "(" or ")" | test
 * test    := field [op literal | "in" "[" literal ("," literal)* "]" | "contains" string]
 * literal := "string" | 'string' | number | true | false
 * </pre>
 *
 * Types are checked while parsing, so a rule that compares {@code price} with a string is rejected when it is saved,
 * not when it runs.
 */
final class ExpressionParser {
    static final int MAX_LENGTH = 2000;
    /** The numeric field of an item's recent price drop (see {@link ItemSignals#priceDropPct}). */
    static final String PRICE_DROP_PCT = "price_drop_pct";
    private static final int MAX_DEPTH = 32;

    /** The expression is not valid; {@link #column()} is 1-based. */
    static final class ExpressionException extends IllegalArgumentException {
        private final int column;

        ExpressionException(String message, int column) {
            super("at column " + column + ": " + message);
            this.column = column;
        }

        int column() {
            return column;
        }
    }

    private enum Kind {
        IDENT, STRING, NUMBER, OP, LPAREN, RPAREN, LBRACKET, RBRACKET, COMMA, AND, OR, NOT, END
    }

    private record Token(Kind kind, String text, int column) {
    }

    private final List<Token> tokens;
    private int pos;
    private int depth;

    ExpressionParser(String source) {
        if (source.isBlank()) {
            throw new ExpressionException("the expression is empty", 1);
        }
        if (source.length() > MAX_LENGTH) {
            throw new ExpressionException("the expression is longer than " + MAX_LENGTH + " characters", 1);
        }
        this.tokens = tokenize(source);
    }

    Node parse() {
        Node n = or();
        Token t = peek();
        if (t.kind() != Kind.END) {
            throw new ExpressionException("unexpected '" + t.text() + "'", t.column());
        }
        return n;
    }

    private Node or() {
        List<Node> parts = new ArrayList<>(List.of(and()));
        while (peek().kind() == Kind.OR) {
            pos++;
            parts.add(and());
        }
        return parts.size() == 1 ? parts.get(0) : new Expression.Or(List.copyOf(parts));
    }

    private Node and() {
        List<Node> parts = new ArrayList<>(List.of(unary()));
        while (peek().kind() == Kind.AND) {
            pos++;
            parts.add(unary());
        }
        return parts.size() == 1 ? parts.get(0) : new Expression.And(List.copyOf(parts));
    }

    private Node unary() {
        if (++depth > MAX_DEPTH) {
            throw new ExpressionException("the expression is nested deeper than " + MAX_DEPTH, peek().column());
        }
        try {
            Token t = peek();
            if (t.kind() == Kind.NOT) {
                pos++;
                return new Expression.Not(unary());
            }
            if (t.kind() == Kind.LPAREN) {
                pos++;
                Node inner = or();
                expect(Kind.RPAREN, "')'");
                return inner;
            }
            return test();
        } finally {
            depth--;
        }
    }

    private Node test() {
        Token f = next();
        if (f.kind() != Kind.IDENT) {
            throw new ExpressionException(f.kind() == Kind.END ? "the expression ends too early; expected a field"
                    : "expected a field such as brand, category or price, got '" + f.text() + "'", f.column());
        }
        String name = f.text();
        String trait = userTrait(f);
        if (trait != null) {
            return userTest(f, trait);
        }
        Token op = peek();
        if (op.kind() == Kind.IDENT && op.text().equals("contains")) {
            throw new ExpressionException("contains applies to user traits (user.NAME contains \"x\")", op.column());
        }
        if (op.kind() == Kind.IDENT && op.text().equals("in")) {
            pos++;
            return in(f, literals());
        }
        if (op.kind() != Kind.OP) {
            if (name.equals("inStock")) {
                return new Expression.InStock(true);
            }
            throw new ExpressionException("expected a comparison (==, !=, <, <=, >, >= or in) after '" + name + "'",
                    op.column());
        }
        pos++;
        Op o = switch (op.text()) {
            case "==" -> Op.EQ;
            case "!=" -> Op.NE;
            case "<" -> Op.LT;
            case "<=" -> Op.LE;
            case ">" -> Op.GT;
            default -> Op.GE;
        };
        Token lit = next();
        if (name.equals("inStock")) {
            if (lit.kind() != Kind.IDENT || !(lit.text().equals("true") || lit.text().equals("false"))) {
                throw new ExpressionException("inStock compares with true or false", lit.column());
            }
            if (o != Op.EQ && o != Op.NE) {
                throw new ExpressionException("inStock supports == and != only", op.column());
            }
            return new Expression.InStock(Boolean.parseBoolean(lit.text()) == (o == Op.EQ));
        }
        if (name.equals(PRICE_DROP_PCT)) {
            if (lit.kind() != Kind.NUMBER) {
                throw new ExpressionException(PRICE_DROP_PCT + " compares with a number", lit.column());
            }
            return new Expression.PriceDropCompare(o, Double.parseDouble(lit.text()));
        }
        if (lit.kind() == Kind.NUMBER) {
            String attribute = numericField(f);
            return new Expression.NumberCompare(attribute, o, Double.parseDouble(lit.text()));
        }
        if (lit.kind() == Kind.STRING) {
            if (name.equals("price")) {
                throw new ExpressionException("price compares with a number, not a string", lit.column());
            }
            if (o != Op.EQ && o != Op.NE) {
                throw new ExpressionException("'" + op.text() + "' needs a number; strings support == and != only",
                        op.column());
            }
            return new Expression.TextIn(textField(f), attributeName(f), Set.of(Expression.lower(lit.text())),
                    o == Op.NE);
        }
        throw new ExpressionException("expected a string or number literal, got '" + lit.text() + "'", lit.column());
    }

    /** The trait a {@code user.NAME} or {@code user.traits.NAME} field reads, or null for an item field. */
    private static String userTrait(Token f) {
        String name = f.text();
        for (String prefix : new String[] { "user.traits.", "user." }) {
            if (name.startsWith(prefix)) {
                if (name.length() == prefix.length()) {
                    throw new ExpressionException("'" + name + "' needs a trait name, e.g. user.segment", f.column());
                }
                return name.substring(prefix.length());
            }
        }
        if (name.equals("user")) {
            throw new ExpressionException("'user' needs a trait name, e.g. user.segment", f.column());
        }
        return null;
    }

    private Node userTest(Token f, String trait) {
        Token op = next();
        if (op.kind() == Kind.IDENT && op.text().equals("in")) {
            Set<String> values = new HashSet<>();
            for (Token t : literals()) {
                values.add(Expression.lower(t.text()));
            }
            return new Expression.UserText(trait, Set.copyOf(values), false, false);
        }
        if (op.kind() == Kind.IDENT && op.text().equals("contains")) {
            Token lit = next();
            if (lit.kind() != Kind.STRING && lit.kind() != Kind.NUMBER) {
                throw new ExpressionException("contains needs a string, got '" + lit.text() + "'", lit.column());
            }
            return new Expression.UserText(trait, Set.of(Expression.lower(lit.text())), true, false);
        }
        if (op.kind() != Kind.OP) {
            throw new ExpressionException(
                    "expected a comparison (==, !=, <, <=, >, >=, in or contains) after '" + f.text() + "'",
                    op.column());
        }
        Token lit = next();
        boolean equality = op.text().equals("==") || op.text().equals("!=");
        if (lit.kind() == Kind.STRING || (lit.kind() == Kind.NUMBER && equality)) {
            if (!equality) {
                throw new ExpressionException("'" + op.text() + "' needs a number; strings support == and != only",
                        op.column());
            }
            return new Expression.UserText(trait, Set.of(Expression.lower(lit.text())), false, op.text().equals("!="));
        }
        if (lit.kind() == Kind.NUMBER) {
            Op o = switch (op.text()) {
                case "<" -> Op.LT;
                case "<=" -> Op.LE;
                case ">" -> Op.GT;
                default -> Op.GE;
            };
            return new Expression.UserNumber(trait, o, Double.parseDouble(lit.text()));
        }
        throw new ExpressionException("expected a string or number literal, got '" + lit.text() + "'", lit.column());
    }

    private Node in(Token field, List<Token> literals) {
        boolean numbers = literals.get(0).kind() == Kind.NUMBER;
        for (Token t : literals) {
            if ((t.kind() == Kind.NUMBER) != numbers) {
                throw new ExpressionException("a list mixes numbers and strings", t.column());
            }
        }
        if (field.text().equals("inStock")) {
            throw new ExpressionException("inStock compares with true or false", field.column());
        }
        if (field.text().equals(PRICE_DROP_PCT)) {
            if (!numbers) {
                throw new ExpressionException(PRICE_DROP_PCT + " compares with numbers", literals.get(0).column());
            }
            List<Node> any = new ArrayList<>();
            for (Token t : literals) {
                any.add(new Expression.PriceDropCompare(Op.EQ, Double.parseDouble(t.text())));
            }
            return new Expression.Or(any);
        }
        if (numbers) {
            String attribute = numericField(field);
            double[] values = new double[literals.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = Double.parseDouble(literals.get(i).text());
            }
            return new Expression.NumberIn(attribute, values);
        }
        if (field.text().equals("price")) {
            throw new ExpressionException("price compares with numbers, not strings", literals.get(0).column());
        }
        Set<String> values = new HashSet<>();
        for (Token t : literals) {
            values.add(Expression.lower(t.text()));
        }
        return new Expression.TextIn(textField(field), attributeName(field), Set.copyOf(values), false);
    }

    private List<Token> literals() {
        expect(Kind.LBRACKET, "'[' after in");
        List<Token> out = new ArrayList<>();
        while (true) {
            Token t = next();
            if (t.kind() != Kind.STRING && t.kind() != Kind.NUMBER) {
                throw new ExpressionException("expected a string or number in the list, got '" + t.text() + "'",
                        t.column());
            }
            out.add(t);
            Token sep = next();
            if (sep.kind() == Kind.RBRACKET) {
                return out;
            }
            if (sep.kind() != Kind.COMMA) {
                throw new ExpressionException("expected ',' or ']' in the list", sep.column());
            }
        }
    }

    /** null for price, else the attribute name; other fields are not numbers. */
    private static String numericField(Token f) {
        if (f.text().equals("price")) {
            return null;
        }
        String attribute = attributeName(f);
        if (attribute == null) {
            throw new ExpressionException("'" + f.text()
                    + "' is not a number; compare it with a string (numbers: price, price_drop_pct, attributes.NAME)",
                    f.column());
        }
        return attribute;
    }

    private static String attributeName(Token f) {
        String name = f.text();
        for (String prefix : new String[] { "attributes.", "attr." }) {
            if (name.startsWith(prefix) && name.length() > prefix.length()) {
                return name.substring(prefix.length());
            }
        }
        return null;
    }

    private static TextField textField(Token f) {
        if (attributeName(f) != null) {
            return TextField.ATTRIBUTE;
        }
        return switch (f.text()) {
            case "id" -> TextField.ID;
            case "title" -> TextField.TITLE;
            case "brand" -> TextField.BRAND;
            case "currency" -> TextField.CURRENCY;
            case "category" -> TextField.CATEGORY;
            case "tags" -> TextField.TAGS;
            default -> throw new ExpressionException("unknown field '" + f.text()
                    + "'; fields: id, title, brand, currency, category, tags, price, price_drop_pct, inStock,"
                    + " attributes.NAME, user.NAME", f.column());
        };
    }

    private Token peek() {
        return tokens.get(pos);
    }

    private Token next() {
        Token t = tokens.get(pos);
        if (t.kind() != Kind.END) {
            pos++;
        }
        return t;
    }

    private void expect(Kind kind, String what) {
        Token t = next();
        if (t.kind() != kind) {
            throw new ExpressionException("expected " + what + ", got '" + t.text() + "'", t.column());
        }
    }

    private static List<Token> tokenize(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            int col = i + 1;
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(' || c == ')' || c == '[' || c == ']' || c == ',') {
                Kind k = switch (c) {
                    case '(' -> Kind.LPAREN;
                    case ')' -> Kind.RPAREN;
                    case '[' -> Kind.LBRACKET;
                    case ']' -> Kind.RBRACKET;
                    default -> Kind.COMMA;
                };
                out.add(new Token(k, String.valueOf(c), col));
                i++;
            } else if (s.startsWith("&&", i)) {
                out.add(new Token(Kind.AND, "&&", col));
                i += 2;
            } else if (s.startsWith("||", i)) {
                out.add(new Token(Kind.OR, "||", col));
                i += 2;
            } else if (s.startsWith("==", i) || s.startsWith("!=", i) || s.startsWith("<=", i)
                    || s.startsWith(">=", i)) {
                out.add(new Token(Kind.OP, s.substring(i, i + 2), col));
                i += 2;
            } else if (c == '<' || c == '>') {
                out.add(new Token(Kind.OP, String.valueOf(c), col));
                i++;
            } else if (c == '!') {
                out.add(new Token(Kind.NOT, "!", col));
                i++;
            } else if (c == '=') {
                throw new ExpressionException("use == to compare", col);
            } else if (c == '"' || c == '\'') {
                StringBuilder sb = new StringBuilder();
                int j = i + 1;
                while (true) {
                    if (j >= s.length()) {
                        throw new ExpressionException("unterminated string", col);
                    }
                    char d = s.charAt(j);
                    if (d == c) {
                        break;
                    }
                    if (d == '\\' && j + 1 < s.length()) {
                        d = s.charAt(++j);
                    }
                    sb.append(d);
                    j++;
                }
                out.add(new Token(Kind.STRING, sb.toString(), col));
                i = j + 1;
            } else if (c == '-' || (c >= '0' && c <= '9')) {
                int j = i + 1;
                while (j < s.length() && (Character.isDigit(s.charAt(j)) || s.charAt(j) == '.')) {
                    j++;
                }
                String num = s.substring(i, j);
                try {
                    double d = Double.parseDouble(num);
                    if (!Double.isFinite(d)) {
                        throw new NumberFormatException();
                    }
                } catch (NumberFormatException e) {
                    throw new ExpressionException("'" + num + "' is not a number", col);
                }
                out.add(new Token(Kind.NUMBER, num, col));
                i = j;
            } else if (Character.isLetter(c) || c == '_') {
                int j = i + 1;
                while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_'
                        || s.charAt(j) == '.' || s.charAt(j) == '-')) {
                    j++;
                }
                out.add(new Token(Kind.IDENT, s.substring(i, j), col));
                i = j;
            } else {
                throw new ExpressionException("unexpected character '" + c + "'", col);
            }
        }
        out.add(new Token(Kind.END, "end of expression", s.length() + 1));
        return out;
    }
}
