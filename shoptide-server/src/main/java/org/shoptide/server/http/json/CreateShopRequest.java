package org.shoptide.server.http.json;

/** Body of {@code POST /v1/shops}: {@code {"id": "...", "name": "..."}}. */
public record CreateShopRequest(String id, String name) {
}
