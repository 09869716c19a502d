package org.shoptide.elt;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One configured source of a shop ({@code sources.json}, documented in {@code docs/CUSTOMER360.md}).
 *
 * @param name
 *            source name, {@code [a-z][a-z0-9_]*}; its raw table is {@code raw_NAME} in the SQL models
 * @param kind
 *            {@code file}, {@code http} or {@code webhook}
 * @param consent
 *            whether the shop recorded consent (or another lawful basis) for this source; without it every load is
 *            refused
 * @param pii
 *            declared personal fields and their kind; hashed at landing
 * @param format
 *            the format of file sources (HTTP and webhook records are JSON lines)
 * @param location
 *            file or directory of a file source, resolved against the configuration's directory
 * @param http
 *            options of an HTTP source
 * @param webhookSecret
 *            secret reference ({@code env:NAME}) of a webhook source's HMAC key
 */
public record SourceSpec(String name, String kind, boolean consent, Map<String, PiiKind> pii, RawFormat format,
        Optional<String> location, Optional<HttpOptions> http, Optional<String> webhookSecret) {

    public SourceSpec {
        EltLayout.checkName("source name", name);
        Objects.requireNonNull(kind, "kind");
        pii = Map.copyOf(pii);
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(webhookSecret, "webhookSecret");
    }

    /**
     * Options of an HTTP JSON API source.
     *
     * @param url
     *            first page's URL
     * @param items
     *            JSON field of the response holding the array of records (empty: the response is the array)
     * @param paging
     *            {@code next_link} (a response field or the {@code Link: rel="next"} header has the next URL),
     *            {@code cursor} (a response field has a token sent back as a query parameter) or {@code page} (a page
     *            number query parameter, from 1, until an empty page)
     * @param nextField
     *            response field of the next link or cursor token
     * @param pageParam
     *            query parameter of the cursor token or the page number
     * @param sinceParam
     *            query parameter of the updated-since filter (incremental by timestamp), if any
     * @param sinceField
     *            record field of its updated timestamp (ISO-8601; the greatest seen is kept between loads)
     * @param authHeader
     *            request header carrying the credential, if any
     * @param authPrefix
     *            text before the secret in that header (e.g. {@code "Bearer "})
     * @param authSecret
     *            secret reference ({@code env:NAME}) of the credential
     * @param requestsPerSecond
     *            client-side rate limit
     * @param maxAttempts
     *            attempts per request (1 = no retry)
     * @param backoffMillis
     *            base of the exponential back-off
     * @param maxBackoffMillis
     *            cap of one wait
     */
    public record HttpOptions(String url, String items, String paging, String nextField, String pageParam,
            Optional<String> sinceParam, Optional<String> sinceField, Optional<String> authHeader, String authPrefix,
            Optional<String> authSecret, double requestsPerSecond, int maxAttempts, long backoffMillis,
            long maxBackoffMillis) {
        public HttpOptions {
            Objects.requireNonNull(url, "url");
            if (!paging.equals("next_link") && !paging.equals("cursor") && !paging.equals("page")) {
                throw new IllegalArgumentException(
                        "http.paging must be next_link, cursor or page, got '" + paging + "'");
            }
            if (sinceParam.isPresent() != sinceField.isPresent()) {
                throw new IllegalArgumentException("http.since needs both param and field");
            }
            if (authHeader.isPresent() != authSecret.isPresent()) {
                throw new IllegalArgumentException("http.auth needs both header and secret");
            }
            if (!(requestsPerSecond > 0)) {
                throw new IllegalArgumentException("http.requestsPerSecond must be > 0");
            }
            if (maxAttempts < 1 || backoffMillis < 0 || maxBackoffMillis < backoffMillis) {
                throw new IllegalArgumentException(
                        "http.maxAttempts must be >= 1 and 0 <= backoffMillis <= maxBackoffMillis");
            }
        }
    }
}
