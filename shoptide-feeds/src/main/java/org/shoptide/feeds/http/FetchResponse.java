package org.shoptide.feeds.http;

import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.shoptide.core.port.FeedStore.Validators;

/**
 * A successful fetch: a 200 with its body, or a 304 (the resource did not change since the validators sent). Header
 * names are lower case.
 */
public final class FetchResponse {
    private final URI uri;
    private final int status;
    private final Map<String, List<String>> headers;
    private final byte[] body;
    private final Validators validators;

    public FetchResponse(URI uri, int status, Map<String, List<String>> headers, byte[] body, Validators validators) {
        this.uri = uri;
        this.status = status;
        this.headers = Map.copyOf(headers);
        this.body = body == null ? new byte[0] : body;
        this.validators = validators;
    }

    public URI uri() {
        return uri;
    }

    public int status() {
        return status;
    }

    /** The body bytes (not copied: do not change them). */
    public byte[] body() {
        return body;
    }

    public int size() {
        return body.length;
    }

    /** ETag / Last-Modified of the response, or null when it sent neither. */
    public Validators validators() {
        return validators;
    }

    public boolean notModified() {
        return status == 304;
    }

    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** The body decoded with the charset of its {@code Content-Type}, UTF-8 when it names none or an unknown one. */
    public String text() {
        Charset charset = StandardCharsets.UTF_8;
        String type = header("content-type").orElse("");
        for (String part : type.split(";")) {
            String p = part.strip();
            if (p.regionMatches(true, 0, "charset=", 0, 8)) {
                try {
                    charset = Charset.forName(p.substring(8).replace("\"", "").strip());
                } catch (IllegalArgumentException unknown) {
                    charset = StandardCharsets.UTF_8;
                }
            }
        }
        return new String(body, charset);
    }

    /** URLs of the {@code Link} header's {@code rel="next"} (RFC 8288), resolved against this response's URI. */
    public Optional<URI> nextLink() {
        List<String> links = headers.getOrDefault("link", List.of());
        for (String header : links) {
            for (String link : header.split(",(?=\\s*<)")) {
                int open = link.indexOf('<');
                int close = link.indexOf('>');
                if (open < 0 || close < open) {
                    continue;
                }
                String params = link.substring(close + 1).toLowerCase(Locale.ROOT);
                if (params.matches("(?s).*;\\s*rel\\s*=\\s*\"?([^\";]*\\s)?next(\\s[^\";]*)?\"?\\s*(;.*)?")) {
                    try {
                        return Optional.of(uri.resolve(link.substring(open + 1, close).strip()));
                    } catch (IllegalArgumentException bad) {
                        return Optional.empty();
                    }
                }
            }
        }
        return Optional.empty();
    }
}
