package org.shoptide.server.http;

import java.util.List;
import org.shoptide.engine.api.Violation;

/** An HTTP error answered as RFC 9457 problem JSON. */
public class ApiProblem extends RuntimeException {
    private final int status;
    private final String slug;
    private final String title;
    private final List<Violation> violations;

    public ApiProblem(int status, String slug, String title, String detail, List<Violation> violations) {
        super(detail);
        this.status = status;
        this.slug = slug;
        this.title = title;
        this.violations = violations == null ? List.of() : List.copyOf(violations);
    }

    public ApiProblem(int status, String slug, String title, String detail) {
        this(status, slug, title, detail, List.of());
    }

    public static ApiProblem badRequest(String detail, List<Violation> violations) {
        return new ApiProblem(400, "validation", "Invalid request", detail, violations);
    }

    public static ApiProblem badRequest(String field, String message) {
        return badRequest(message, List.of(new Violation(-1, field, message)));
    }

    public int status() {
        return status;
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    public List<Violation> violations() {
        return violations;
    }
}
