package org.shoptide.server.http.filter;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's error page as problem JSON: what Jetty answers itself, before a route runs (414 for a URI over its limit, 431
 * for huge headers, 400 for an ambiguous or malformed path such as {@code %00} or {@code ..;/}), gets the same RFC 9457
 * body as the routes' errors instead of an HTML page. Jetty's own message is the detail; no stack trace.
 */
public final class ProblemErrorHandler extends ErrorHandler {
    /** Every method gets a body (Jetty's default writes one only for GET, POST and HEAD). */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
            Callback callback) {
        String path = null;
        try {
            path = request.getHttpURI() == null ? null : request.getHttpURI().getPath();
        } catch (RuntimeException unparsable) {
            // the URI itself was the problem
        }
        String detail = message;
        if (detail == null && cause != null) {
            detail = cause.getMessage();
        }
        byte[] body = Problems.body(Problems.forStatus(code, detail), path);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problems.PROBLEM_JSON);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    // Jetty 12 still calls this for the errors it raises while parsing (400, 414, 431); deprecated, not yet replaced
    @SuppressWarnings("removal")
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        byte[] body = Problems.body(Problems.forStatus(status, reason), "");
        fields.put(HttpHeader.CONTENT_TYPE, Problems.PROBLEM_JSON);
        return ByteBuffer.wrap(body);
    }
}
