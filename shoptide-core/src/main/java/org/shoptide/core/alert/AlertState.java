package org.shoptide.core.alert;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The persisted state of one alert instance of the built-in notifier: a rule together with the label values of the
 * series that matched it (e.g. {@code ShoptideIngestErrors{shop="s1"}}). An instance exists only while its condition
 * holds: it is {@link Status#PENDING} until the condition has held for the rule's {@code for} duration, then
 * {@link Status#FIRING}; when the condition stops holding the instance is deleted (and a resolve message sent when a
 * firing message was).
 *
 * @param key
 *            {@link #key(String, Map)} of rule and labels, unique
 * @param lastNotifiedAt
 *            when the last firing message was queued (de-duplication and repeat interval); null: none yet
 */
public record AlertState(String key, String rule, Map<String, String> labels, Status status, String severity,
        String summary, double value, Instant activeSince, Instant firingSince, Instant lastNotifiedAt) {

    /** Where an instance is in its life: pending → firing; resolved instances are deleted. */
    public enum Status {
        PENDING, FIRING
    }

    public AlertState {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(rule, "rule");
        labels = Map.copyOf(labels);
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(activeSince, "activeSince");
    }

    /** The identity of an instance: {@code rule{a="1",b="2"}} with the labels sorted by name. */
    public static String key(String rule, Map<String, String> labels) {
        StringBuilder b = new StringBuilder(rule).append('{');
        boolean first = true;
        for (Map.Entry<String, String> e : new TreeMap<>(labels).entrySet()) {
            if (!first) {
                b.append(',');
            }
            first = false;
            b.append(e.getKey()).append("=\"").append(e.getValue().replace("\\", "\\\\").replace("\"", "\\\""))
                    .append('"');
        }
        return b.append('}').toString();
    }

    /** This state with another status, firing time, last-notified time and value. */
    public AlertState with(Status newStatus, Instant newFiringSince, Instant newLastNotifiedAt, double newValue,
            String newSummary) {
        return new AlertState(key, rule, labels, newStatus, severity, newSummary, newValue, activeSince, newFiringSince,
                newLastNotifiedAt);
    }
}
