package org.shoptide.alerts;

import java.util.Locale;
import java.util.HashSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.shoptide.core.alert.AlertState;
import org.shoptide.core.alert.AlertState.Status;
import org.shoptide.core.alert.Silence;

/**
 * The life of alert instances (Prometheus and Alertmanager semantics, simplified): an active group becomes
 * {@code PENDING}; after the rule's {@code for} it is {@code FIRING} and one firing message is sent; while it keeps
 * firing, again only after {@code repeatInterval}; once inactive it is deleted and, if a firing message went out, a
 * resolve message follows. A silenced instance changes state as usual but sends nothing (a firing that was held back is
 * sent when the silence ends, if it still fires). Pure: takes the stored states, returns the changes.
 */
public final class AlertStateMachine {
    private final Duration repeatInterval;

    /** What one evaluation changes: states to write, keys to delete, messages to queue (by alert key). */
    public record Changes(List<AlertState> upserts, List<String> deletes, List<Keyed> messages) {
    }

    /** A message and the key of the instance it is about. */
    public record Keyed(String alertKey, AlertMessage message) {
    }

    public AlertStateMachine(Duration repeatInterval) {
        this.repeatInterval = repeatInterval;
    }

    /**
     * The changes of one evaluation at {@code now}.
     *
     * @param results
     *            every rule evaluated now with its groups (a rule that failed to evaluate must be left out, so its
     *            instances stay as they are)
     * @param stored
     *            the stored states of every rule
     * @param canResolve
     *            whether an instance of the rule that is not active now may resolve (see
     *            {@link RuleEvaluator#canResolve})
     */
    public Changes step(Map<AlertRule, List<RuleEvaluator.Result>> results, List<AlertState> stored,
            List<Silence> silences, Instant now, Predicate<AlertRule> canResolve) {
        Map<String, AlertState> byKey = new HashMap<>();
        stored.forEach(s -> byKey.put(s.key(), s));
        List<AlertState> upserts = new ArrayList<>();
        List<String> deletes = new ArrayList<>();
        List<Keyed> messages = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Map.Entry<AlertRule, List<RuleEvaluator.Result>> e : results.entrySet()) {
            AlertRule rule = e.getKey();
            for (RuleEvaluator.Result r : e.getValue()) {
                if (!r.active()) {
                    continue;
                }
                String key = AlertState.key(rule.name(), r.labels());
                seen.add(key);
                String summary = render(rule.summary(), r.labels(), r.value());
                AlertState s = byKey.get(key);
                if (s == null) {
                    s = new AlertState(key, rule.name(), r.labels(), Status.PENDING, rule.severity(), summary,
                            r.value(), now, null, null);
                }
                if (s.status() == Status.PENDING && !now.isBefore(s.activeSince().plus(rule.forDuration()))) {
                    s = s.with(Status.FIRING, now, null, r.value(), summary);
                }
                Instant notified = s.lastNotifiedAt();
                if (s.status() == Status.FIRING && !silenced(silences, rule, r.labels(), now)
                        && (notified == null || !now.isBefore(notified.plus(repeatInterval)))) {
                    notified = now;
                    messages.add(new Keyed(key, message(rule, r.labels(), "firing", r.value(), s, null, summary)));
                }
                upserts.add(s.with(s.status(), s.firingSince(), notified, r.value(), summary));
            }
        }
        for (AlertState s : stored) {
            if (seen.contains(s.key())) {
                continue;
            }
            AlertRule rule = results.keySet().stream().filter(r -> r.name().equals(s.rule())).findFirst().orElse(null);
            if (rule == null || !canResolve.test(rule)) {
                continue; // not evaluated this round (failed, or no longer configured: see orphans), or too early
            }
            deletes.add(s.key());
            if (s.status() == Status.FIRING && s.lastNotifiedAt() != null
                    && !silenced(silences, rule, s.labels(), now)) {
                messages.add(new Keyed(s.key(), message(rule, s.labels(), "resolved", s.value(), s, now, s.summary())));
            }
        }
        return new Changes(upserts, deletes, messages);
    }

    /** States of rules that are not configured any more: dropped without a message. */
    public static List<String> orphans(List<AlertRule> rules, List<AlertState> stored) {
        Set<String> names = rules.stream().map(AlertRule::name).collect(Collectors.toSet());
        return stored.stream().filter(s -> !names.contains(s.rule())).map(AlertState::key).toList();
    }

    private static AlertMessage message(AlertRule rule, Map<String, String> labels, String status, double value,
            AlertState s, Instant endsAt, String summary) {
        return new AlertMessage(rule.name(), status, rule.severity(), summary,
                render(rule.description(), labels, value), labels, value,
                s.firingSince() == null ? s.activeSince() : s.firingSince(), endsAt, rule.runbook());
    }

    static boolean silenced(List<Silence> silences, AlertRule rule, Map<String, String> labels, Instant now) {
        Map<String, String> all = new TreeMap<>(labels);
        all.put("alertname", rule.name());
        all.put("severity", rule.severity());
        return silences.stream().anyMatch(s -> s.activeAt(now) && s.matches(all));
    }

    /** Replaces {@code {{label}}} by the label's value and {@code {{value}}} by the value. */
    static String render(String template, Map<String, String> labels, double value) {
        String out = template;
        for (Map.Entry<String, String> e : labels.entrySet()) {
            out = out.replace("{{" + e.getKey() + "}}", e.getValue());
        }
        String v = value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : String.format(Locale.ROOT, "%.4g", value);
        return out.replace("{{value}}", v);
    }
}
