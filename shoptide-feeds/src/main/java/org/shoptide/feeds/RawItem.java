package org.shoptide.feeds;

import java.util.Map;
import java.util.Objects;

/**
 * An item as a connector read it, before mapping: canonical field names ({@code id, title, description, price,
 * salePrice, currency, brand, category, imageUrl, availability, tags, attributes.<name>}) to their text, absent when
 * the source had none. {@link ItemMapper} turns it into an {@code Item}.
 *
 * @param index
 *            0-based position in its page
 */
public record RawItem(SourcePosition at, int index, Map<String, String> fields) {
    public RawItem {
        Objects.requireNonNull(at, "at");
        fields = Map.copyOf(fields);
    }

    public String get(String field) {
        return fields.get(field);
    }
}
