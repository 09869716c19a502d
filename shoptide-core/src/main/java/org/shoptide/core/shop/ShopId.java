package org.shoptide.core.shop;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Identifier of a shop. Every row, event, model and cache entry is scoped by one. Lower-case letters, digits, '-' and
 * '_', 1 to 64 characters, starting with a letter or digit, so it is safe in file names, URLs and Kafka topic names.
 */
public record ShopId(String value) implements Comparable<ShopId> {
    private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    public ShopId {
        Objects.requireNonNull(value, "shop id must not be null");
        if (!VALID.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    "shop id must be 1-64 characters of a-z, 0-9, '-' or '_', starting with a letter or digit, got '"
                            + value + "'");
        }
    }

    public static ShopId of(String value) {
        return new ShopId(value);
    }

    public static boolean isValid(String value) {
        return value != null && VALID.matcher(value).matches();
    }

    @Override
    public int compareTo(ShopId o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
