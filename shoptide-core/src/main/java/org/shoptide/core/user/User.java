package org.shoptide.core.user;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/** A known user of one shop with free traits (segment, country, ...). */
public record User(String id, Map<String, String> traits, Instant createdAt, Instant updatedAt) {
    public User {
        Objects.requireNonNull(id, "user id");
        traits = traits == null ? Map.of() : Map.copyOf(traits);
    }
}
