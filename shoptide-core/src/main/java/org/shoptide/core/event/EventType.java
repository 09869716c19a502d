package org.shoptide.core.event;

import java.util.Locale;
import java.util.Optional;

/**
 * Built-in behaviour event types. {@link #CUSTOM} carries a shop-defined name in {@link Event#customType()} whose
 * weight is configured per shop. The wire name is the lower-case constant name ({@code add_to_cart}); the {@code code}
 * is the stable byte used in binary formats and must never change for an existing type.
 */
public enum EventType {
    VIEW(1), IMPRESSION(2), CLICK(3), ADD_TO_CART(4), REMOVE_FROM_CART(5), PURCHASE(6), REFUND(7), SEARCH(8), RATE(9),
    LIKE(10), DISLIKE(11), CUSTOM(12);

    private final int code;

    EventType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static EventType fromCode(int code) {
        for (EventType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown event type code " + code);
    }

    /** The built-in type with this wire name, or empty (the name may then be a custom type). */
    public static Optional<EventType> fromWireName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        for (EventType t : values()) {
            if (t != CUSTOM && t.wireName().equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** True for types that name one item in {@link Event#itemId()}. */
    public boolean needsItem() {
        return switch (this) {
            case VIEW, CLICK, ADD_TO_CART, REMOVE_FROM_CART, RATE, LIKE, DISLIKE -> true;
            default -> false;
        };
    }
}
