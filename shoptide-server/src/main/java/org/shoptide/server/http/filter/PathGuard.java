package org.shoptide.server.http.filter;

import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.shoptide.server.http.ApiProblem;

/**
 * Rejects a request path with a malformed percent-escape ({@code %} not followed by two hex digits, e.g.
 * {@code /static/%u0041}) or whose escapes decode to invalid UTF-8 (overlong forms, encoded surrogates), before routing
 * decodes path parameters: 400, not the decoder's exception.
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
        if (path.indexOf('%') < 0) {
            return true; // nothing to decode: the common case, checked without allocating
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(path.length());
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c != '%') {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                continue;
            }
            if (i + 2 >= path.length() || hex(path.charAt(i + 1)) < 0 || hex(path.charAt(i + 2)) < 0) {
                return false;
            }
            bytes.write(hex(path.charAt(i + 1)) << 4 | hex(path.charAt(i + 2)));
            i += 2;
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray()));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}
