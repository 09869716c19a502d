package org.shoptide.core.alert;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A silence of the built-in notifier (Alertmanager's model): while active ({@code startsAt <= t < endsAt}) it
 * suppresses the messages of every alert instance whose labels, plus {@code alertname} = the rule's name, satisfy all
 * its matchers. Alert states keep changing underneath; only the messages are held back.
 */
public record Silence(String id, List<Matcher> matchers, Instant startsAt, Instant endsAt, String createdBy,
        String comment, Instant createdAt) {

    /** {@code name = value}, or {@code name =~ value} (a Java regular expression matching the whole value). */
    public record Matcher(String name, String value, boolean regex) {
        public Matcher {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }

        public boolean matches(Map<String, String> labels) {
            String actual = labels.getOrDefault(name, "");
            return regex ? Pattern.compile(value).matcher(actual).matches() : value.equals(actual);
        }
    }

    public Silence {
        Objects.requireNonNull(id, "id");
        matchers = List.copyOf(matchers);
        if (matchers.isEmpty()) {
            throw new IllegalArgumentException("a silence needs at least one matcher");
        }
        Objects.requireNonNull(startsAt, "startsAt");
        Objects.requireNonNull(endsAt, "endsAt");
        if (!endsAt.isAfter(startsAt)) {
            throw new IllegalArgumentException("endsAt must be after startsAt");
        }
        Objects.requireNonNull(createdBy, "createdBy");
        Objects.requireNonNull(comment, "comment");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    public boolean activeAt(Instant t) {
        return !t.isBefore(startsAt) && t.isBefore(endsAt);
    }

    /** True when every matcher matches {@code labels} (which should include {@code alertname}). */
    public boolean matches(Map<String, String> labels) {
        return matchers.stream().allMatch(m -> m.matches(labels));
    }
}
