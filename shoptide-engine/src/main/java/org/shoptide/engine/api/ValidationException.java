package org.shoptide.engine.api;

import java.util.List;

/** Input was rejected; nothing was stored. Carries every violation found, not just the first. */
public class ValidationException extends RuntimeException {
    private final List<Violation> violations;

    public ValidationException(String message, List<Violation> violations) {
        super(message);
        this.violations = List.copyOf(violations);
    }

    public static ValidationException of(String field, String message) {
        return new ValidationException(message, List.of(new Violation(-1, field, message)));
    }

    public List<Violation> violations() {
        return violations;
    }
}
