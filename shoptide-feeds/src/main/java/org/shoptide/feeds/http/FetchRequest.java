package org.shoptide.feeds.http;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.shoptide.core.port.FeedStore.Validators;

/**
 * One GET.
 *
 * @param headers
 *            extra request headers (authentication)
 * @param validators
 *            sent as {@code If-None-Match} / {@code If-Modified-Since}; null for an unconditional GET
 * @param acceptedTypes
 *            media types (no parameters, lower case) a 200 response may have; a response with another
 *            {@code Content-Type} fails; empty accepts any
 */
public record FetchRequest(URI uri, Map<String, String> headers, Validators validators, List<String> acceptedTypes) {
    public FetchRequest {
        Objects.requireNonNull(uri, "uri");
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        acceptedTypes = acceptedTypes == null ? List.of() : List.copyOf(acceptedTypes);
        String scheme = uri.getScheme();
        if ((!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) || uri.getHost() == null) {
            throw new IllegalArgumentException("feeds fetch http:// and https:// URLs only, got " + uri);
        }
    }
}
