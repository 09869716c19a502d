package org.shoptide.server.http;

import java.util.ArrayList;
import java.util.List;
import org.shoptide.engine.api.Violation;

/** Collects violations while parsing one element of a batch. */
public final class FieldErrors {
    private final int index;
    private final List<Violation> out;

    public FieldErrors(int index, List<Violation> out) {
        this.index = index;
        this.out = out;
    }

    public static FieldErrors collecting(int index) {
        return new FieldErrors(index, new ArrayList<>());
    }

    public void add(String field, String message) {
        out.add(new Violation(index, field, message));
    }

    public List<Violation> violations() {
        return out;
    }

    public int index() {
        return index;
    }
}
