package org.shoptide.server.http.handler;

import io.javalin.http.Context;
import java.util.List;
import org.shoptide.engine.api.Violation;
import org.shoptide.server.http.ApiProblem;

/** Query parameters parsed with 400 problems naming the parameter. */
final class Params {
    private Params() {
    }

    static long longParam(Context ctx, String name, long dflt, long min, long max) {
        String s = ctx.queryParam(name);
        if (s == null || s.isBlank()) {
            return dflt;
        }
        try {
            long v = Long.parseLong(s.trim());
            if (v < min || v > max) {
                throw ApiProblem.badRequest(name, name + " must be between " + min + " and " + max);
            }
            return v;
        } catch (NumberFormatException e) {
            throw ApiProblem.badRequest(name, name + " must be an integer");
        }
    }

    static Integer intQuery(Context ctx, String name, List<Violation> v) {
        String s = blankToNull(ctx.queryParam(name));
        if (s == null) {
            return null;
        }
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            v.add(new Violation(-1, name, name + " must be an integer"));
            return null;
        }
    }

    static Double doubleQuery(Context ctx, String name, List<Violation> v) {
        String s = blankToNull(ctx.queryParam(name));
        if (s == null) {
            return null;
        }
        try {
            double d = Double.parseDouble(s.trim());
            if (!Double.isFinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            v.add(new Violation(-1, name, name + " must be a number"));
            return null;
        }
    }

    static Boolean boolQuery(Context ctx, String name, List<Violation> v) {
        String s = blankToNull(ctx.queryParam(name));
        if (s == null) {
            return null;
        }
        if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(s);
        }
        v.add(new Violation(-1, name, name + " must be true or false"));
        return null;
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    static ApiProblem notFound(String what, String id) {
        return new ApiProblem(404, "not-found", "Not Found", what + " '" + id + "' does not exist in this shop");
    }

    static long countBad(List<Violation> violations) {
        return violations.stream().mapToInt(Violation::index).distinct().count();
    }
}
