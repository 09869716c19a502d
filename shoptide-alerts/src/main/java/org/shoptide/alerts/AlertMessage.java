package org.shoptide.alerts;

import java.util.Locale;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * One message about an alert instance: it started firing (or still fires after the repeat interval) or it resolved.
 * Kept as JSON in the delivery outbox; each channel renders it in its own format.
 *
 * @param status
 *            {@code firing} or {@code resolved}
 * @param endsAt
 *            when it resolved; null while firing
 */
public record AlertMessage(String alert, String status, String severity, String summary, String description,
        Map<String, String> labels, double value, Instant startsAt, Instant endsAt, String runbook) {
    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    public AlertMessage {
        labels = new TreeMap<>(labels);
    }

    public boolean firing() {
        return "firing".equals(status);
    }

    /** {@code [FIRING] critical ShoptideIngestErrors: summary}, the subject and title line. */
    public String title() {
        return "[" + (firing() ? "FIRING" : "RESOLVED") + "] " + severity + " " + alert + ": " + summary;
    }

    /** Markdown body (DingTalk, WeCom and Slack's mrkdwn read the same subset: bold, lists, links). */
    public String markdown() {
        StringBuilder b = new StringBuilder();
        b.append("**").append(title()).append("**\n\n");
        if (!description.isEmpty()) {
            b.append(description).append("\n\n");
        }
        labels.forEach((k, v) -> b.append("- ").append(k).append(": ").append(v).append('\n'));
        b.append("- value: ").append(formatValue()).append('\n');
        b.append("- since: ").append(startsAt).append('\n');
        if (endsAt != null) {
            b.append("- resolved at: ").append(endsAt).append('\n');
        }
        if (!runbook.isEmpty()) {
            b.append("\nRunbook: ").append(runbook).append('\n');
        }
        return b.toString();
    }

    /** Plain text body (e-mail). */
    public String plainText() {
        return markdown().replace("**", "");
    }

    String formatValue() {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : String.format(Locale.ROOT, "%.4g", value);
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static AlertMessage fromJson(String json) {
        try {
            return JSON.readValue(json, AlertMessage.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not an alert message: " + e.getOriginalMessage(), e);
        }
    }
}
