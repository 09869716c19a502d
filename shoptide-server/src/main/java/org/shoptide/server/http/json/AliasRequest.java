package org.shoptide.server.http.json;

/** Body of {@code POST /v1/users/{id}/alias}: the anonymous id to merge into the user. */
public record AliasRequest(String anonymousId) {
}
