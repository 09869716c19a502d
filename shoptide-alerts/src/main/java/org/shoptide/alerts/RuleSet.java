package org.shoptide.alerts;

import java.nio.charset.StandardCharsets;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads the notifier's rule file: JSON {@code {"rules": [ {...}, ... ]}}, one object per {@link AlertRule} with the
 * fields {@code name, severity, summary, description, runbook, kind (gauge|increase|ratio|slow_ratio), metric,
 * denominator [..], match {tag: regex}, by [..], windows ["5m", ..], le, minCount, op, threshold, for}. Durations are
 * Prometheus style ({@code 30s}, {@code 5m}, {@code 1h}, {@code 3d}). Every problem of the file is reported at once.
 * The shipped set is {@code org/shoptide/alerts/shipped-rules.json}.
 */
public final class RuleSet {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d|w)");
    private static final Set<String> FIELDS = Set.of("name", "severity", "summary", "description", "runbook", "kind",
            "metric", "denominator", "match", "by", "windows", "le", "minCount", "op", "threshold", "for");

    private RuleSet() {
    }

    /** The rules shipped with Shoptide (the twins of the Prometheus alerts). */
    public static List<AlertRule> shipped() {
        try (InputStream in = RuleSet.class.getResourceAsStream("shipped-rules.json")) {
            if (in == null) {
                throw new IllegalStateException("shipped-rules.json is missing from the build");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "shipped-rules.json");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read shipped-rules.json", e);
        }
    }

    /** The rules of {@code file}; {@link IllegalArgumentException} listing every problem. */
    public static List<AlertRule> load(Path file) {
        try {
            return parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read alert rules " + file + ": " + e.getMessage(), e);
        }
    }

    public static List<AlertRule> parse(String text, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(source + ": not JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.path("rules").isArray()) {
            throw new IllegalArgumentException(source + ": expected {\"rules\": [...]}");
        }
        List<String> problems = new ArrayList<>();
        List<AlertRule> rules = new ArrayList<>();
        Set<String> names = new HashSet<>();
        int i = 0;
        for (JsonNode r : root.get("rules")) {
            String at = source + ": rules[" + i++ + "]";
            int before = problems.size();
            AlertRule rule = rule(r, at, problems);
            if (rule != null && problems.size() == before) {
                if (!names.add(rule.name())) {
                    problems.add(at + ": duplicate name " + rule.name());
                }
                rules.add(rule);
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return List.copyOf(rules);
    }

    private static AlertRule rule(JsonNode r, String at, List<String> problems) {
        if (!r.isObject()) {
            problems.add(at + ": must be an object");
            return null;
        }
        r.fieldNames().forEachRemaining(f -> {
            if (!FIELDS.contains(f)) {
                problems.add(at + ": unknown field '" + f + "'");
            }
        });
        String name = text(r, "name", at, problems, true);
        if (name != null && !name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            problems.add(at + ": name must be a Prometheus alert name ([A-Za-z_][A-Za-z0-9_]*), got '" + name + "'");
        }
        String kindText = text(r, "kind", at, problems, true);
        AlertRule.Kind kind = null;
        if (kindText != null) {
            try {
                kind = AlertRule.Kind.valueOf(kindText.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.add(at + ": kind must be gauge, increase, ratio or slow_ratio, got '" + kindText + "'");
            }
        }
        String metric = text(r, "metric", at, problems, true);
        List<String> denominator = strings(r, "denominator", at, problems);
        List<String> by = strings(r, "by", at, problems);
        List<Duration> windows = new ArrayList<>();
        for (String w : strings(r, "windows", at, problems)) {
            Duration d = duration(w, at + ".windows", problems);
            if (d != null) {
                windows.add(d);
            }
        }
        Map<String, String> match = new LinkedHashMap<>();
        if (r.has("match")) {
            if (!r.get("match").isObject()) {
                problems.add(at + ".match: must be an object of tag → regex");
            } else {
                r.get("match").properties().forEach(e -> {
                    try {
                        Pattern.compile(e.getValue().asText());
                        match.put(e.getKey(), e.getValue().asText());
                    } catch (PatternSyntaxException x) {
                        problems.add(at + ".match." + e.getKey() + ": not a regular expression: " + x.getDescription());
                    }
                });
            }
        }
        if (kind != null) {
            boolean windowed = kind != AlertRule.Kind.GAUGE;
            if (windowed && windows.isEmpty()) {
                problems.add(at + ": kind " + kindText + " needs windows");
            }
            if (!windowed && !windows.isEmpty()) {
                problems.add(at + ": kind gauge takes no windows");
            }
            if (kind == AlertRule.Kind.RATIO && denominator.isEmpty()) {
                problems.add(at + ": kind ratio needs denominator");
            }
            if (kind == AlertRule.Kind.SLOW_RATIO && !(r.path("le").asDouble(0) > 0)) {
                problems.add(at + ": kind slow_ratio needs le > 0 (seconds)");
            }
        }
        if (!r.path("threshold").isNumber()) {
            problems.add(at + ": threshold must be a number");
        }
        AlertRule.Op op = null;
        try {
            op = AlertRule.Op.of(r.path("op").asText(""));
        } catch (IllegalArgumentException e) {
            problems.add(at + ": " + e.getMessage());
        }
        Duration forDuration = r.has("for") ? duration(r.get("for").asText(), at + ".for", problems) : Duration.ZERO;
        String severity = r.path("severity").asText("warning");
        if (!Set.of("critical", "warning", "info").contains(severity)) {
            problems.add(at + ": severity must be critical, warning or info, got '" + severity + "'");
        }
        if (name == null || kind == null || metric == null || op == null || forDuration == null) {
            return null;
        }
        return new AlertRule(name, severity, r.path("summary").asText(name), r.path("description").asText(""),
                r.path("runbook").asText(""), kind, metric, denominator, match, by, windows, r.path("le").asDouble(0),
                r.path("minCount").asDouble(0), op, r.path("threshold").asDouble(), forDuration);
    }

    private static String text(JsonNode r, String field, String at, List<String> problems, boolean required) {
        JsonNode v = r.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            if (required) {
                problems.add(at + ": " + field + " is required (a non-empty string)");
            }
            return null;
        }
        return v.asText();
    }

    private static List<String> strings(JsonNode r, String field, String at, List<String> problems) {
        List<String> out = new ArrayList<>();
        JsonNode v = r.get(field);
        if (v == null) {
            return out;
        }
        if (!v.isArray()) {
            problems.add(at + ": " + field + " must be an array of strings");
            return out;
        }
        v.forEach(e -> out.add(e.asText()));
        return out;
    }

    /** A Prometheus duration such as {@code 90s}, {@code 5m}, {@code 1h30m}, {@code 3d}. */
    static Duration duration(String text, String at, List<String> problems) {
        Matcher m = DURATION.matcher(text);
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find() && m.start() == end) {
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofDays(7 * n);
            });
            end = m.end();
        }
        if (text.isEmpty() || end != text.length()) {
            problems.add(at + ": not a duration like 30s, 5m, 1h or 3d: '" + text + "'");
            return null;
        }
        return total;
    }
}
