package org.shoptide.feeds.http;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A parsed robots.txt and its matcher, after RFC 9309 (Robots Exclusion Protocol):
 * <ul>
 * <li>Groups start with one or more {@code user-agent} lines; a crawler obeys the group whose product token matches its
 * own case-insensitively (all such groups combined), else the {@code *} group(s), else nothing is disallowed.
 * <li>The rule with the longest matching path pattern wins; on a tie {@code allow} wins. {@code *} matches any run of
 * characters and a trailing {@code $} anchors the end. An empty {@code disallow} value is no rule.
 * <li>Unknown lines ({@code sitemap}, {@code crawl-delay}, ...) and {@code #} comments are ignored, and so is anything
 * past 500 KiB (the RFC's lower limit for parsing).
 * </ul>
 * Immutable.
 */
public final class RobotsTxt {
    static final int MAX_PARSED = 500 * 1024;
    private static final RobotsTxt ALLOW_ALL = new RobotsTxt(List.of());
    private static final RobotsTxt DISALLOW_ALL = new RobotsTxt(
            List.of(new Group(List.of("*"), List.of(new Rule(false, "/")))));

    private record Rule(boolean allow, String pattern) {
    }

    private record Group(List<String> agents, List<Rule> rules) {
    }

    private final List<Group> groups;

    private RobotsTxt(List<Group> groups) {
        this.groups = groups;
    }

    /** Everything allowed: what a missing robots.txt (4xx) means. */
    public static RobotsTxt allowAll() {
        return ALLOW_ALL;
    }

    /** Everything disallowed: what an unreachable robots.txt (5xx, network error) means (RFC 9309 2.3.1.4). */
    public static RobotsTxt disallowAll() {
        return DISALLOW_ALL;
    }

    public static RobotsTxt parse(String text) {
        String body = text.length() > MAX_PARSED ? text.substring(0, MAX_PARSED) : text;
        List<Group> groups = new ArrayList<>();
        List<String> agents = new ArrayList<>();
        List<Rule> rules = new ArrayList<>();
        boolean inRules = false;
        for (String raw : body.split("\\r\\n|\\r|\\n")) {
            int hash = raw.indexOf('#');
            String line = (hash >= 0 ? raw.substring(0, hash) : raw).strip();
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            switch (key) {
                case "user-agent" -> {
                    if (inRules) {
                        groups.add(new Group(List.copyOf(agents), List.copyOf(rules)));
                        agents.clear();
                        rules.clear();
                        inRules = false;
                    }
                    agents.add(value.toLowerCase(Locale.ROOT));
                }
                case "allow", "disallow" -> {
                    if (agents.isEmpty()) {
                        continue; // a rule before any user-agent line belongs to no group
                    }
                    inRules = true;
                    if (!value.isEmpty()) {
                        rules.add(new Rule(key.equals("allow"), value));
                    }
                }
                default -> {
                    // other records do not end a group's user-agent list
                }
            }
        }
        if (!agents.isEmpty()) {
            groups.add(new Group(List.copyOf(agents), List.copyOf(rules)));
        }
        return new RobotsTxt(List.copyOf(groups));
    }

    /** Whether a crawler with this product token (e.g. {@code ShoptideFeeds}) may fetch {@code uri}. */
    public boolean allows(String productToken, URI uri) {
        String token = productToken.toLowerCase(Locale.ROOT);
        List<Rule> rules = rulesFor(token);
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            path = path + "?" + uri.getRawQuery();
        }
        if (path.equals("/robots.txt")) {
            return true;
        }
        Rule best = null;
        int bestLength = -1;
        for (Rule r : rules) {
            if (matches(r.pattern(), path)) {
                int length = r.pattern().length();
                if (length > bestLength || (length == bestLength && r.allow())) {
                    best = r;
                    bestLength = length;
                }
            }
        }
        return best == null || best.allow();
    }

    private List<Rule> rulesFor(String token) {
        List<Rule> specific = new ArrayList<>();
        List<Rule> star = new ArrayList<>();
        boolean matched = false;
        for (Group g : groups) {
            if (g.agents().contains(token)) {
                specific.addAll(g.rules());
                matched = true;
            } else if (g.agents().contains("*")) {
                star.addAll(g.rules());
            }
        }
        return matched ? specific : star;
    }

    /** RFC 9309 2.2.3: {@code *} matches any sequence, a final {@code $} the end of the path. */
    static boolean matches(String pattern, String path) {
        boolean anchored = pattern.endsWith("$");
        String p = anchored ? pattern.substring(0, pattern.length() - 1) : pattern;
        return match(p, 0, path, 0, anchored);
    }

    private static boolean match(String p, int pi, String s, int si, boolean anchored) {
        while (pi < p.length()) {
            char c = p.charAt(pi);
            if (c == '*') {
                while (pi < p.length() && p.charAt(pi) == '*') {
                    pi++;
                }
                if (pi == p.length()) {
                    return true;
                }
                for (int k = si; k <= s.length(); k++) {
                    if (match(p, pi, s, k, anchored)) {
                        return true;
                    }
                }
                return false;
            }
            if (si >= s.length() || s.charAt(si) != c) {
                return false;
            }
            pi++;
            si++;
        }
        return !anchored || si == s.length();
    }
}
