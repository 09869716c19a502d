package org.shoptide.server.http.filter;

import io.javalin.http.Context;
import org.shoptide.server.http.ApiProblem;

/**
 * Rejects a request path with a malformed percent-escape ({@code %} not followed by two hex digits, e.g.
 * {@code /static/%u0041}) or one that decodes to invalid UTF-8, before routing decodes path parameters: 400, not the
 * decoder's exception.
 */
public final class PathGuard {
    private PathGuard() {
    }

    public static void check(Context ctx) {
        String path = ctx.req().getRequestURI();
        if (path != null && !wellEscaped(path)) {
            throw new ApiProblem(400, "bad-request", "Bad Request",
                    "the path has a malformed percent-escape: '%' must be followed by two hex digits of UTF-8");
        }
    }

    static boolean wellEscaped(String path) {
        int pending = 0; // continuation bytes still expected by a multi-byte UTF-8 sequence
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c != '%') {
                if (pending > 0) {
                    return false;
                }
                continue;
            }
            if (i + 2 >= path.length() || hex(path.charAt(i + 1)) < 0 || hex(path.charAt(i + 2)) < 0) {
                return false;
            }
            int b = hex(path.charAt(i + 1)) << 4 | hex(path.charAt(i + 2));
            i += 2;
            if (pending > 0) {
                if ((b & 0xC0) != 0x80) {
                    return false;
                }
                pending--;
            } else if (b >= 0xF0 && b <= 0xF4) {
                pending = 3;
            } else if (b >= 0xE0 && b <= 0xEF) {
                pending = 2;
            } else if (b >= 0xC2 && b <= 0xDF) {
                pending = 1;
            } else if (b >= 0x80) {
                return false;
            }
        }
        return pending == 0;
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}
