package org.shoptide.core.price;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * A shop's price-drop settings.
 *
 * @param enabled
 *            whether drops are detected at all
 * @param minPercent
 *            a drop counts when it is at least this many percent of the old price (0 = any)
 * @param minAmountMinor
 *            ... and at least this many minor units (0 = any)
 * @param cooldown
 *            after a drop of an item, further drops of it within this time are not notified
 * @param interestWindow
 *            customers who viewed, carted or were shown the item within this window are notified
 * @param boostWindow
 *            a drop counts for the {@code price_drop_pct} rule field for this long
 * @param webhookUrl
 *            where drops are posted (http or https), or null for none
 * @param webhookSecret
 *            the HMAC-SHA256 key of the webhook's signature; required with a URL. Never returned by the API.
 */
public record PriceAlertSettings(boolean enabled, double minPercent, long minAmountMinor, Duration cooldown,
        Duration interestWindow, Duration boostWindow, String webhookUrl, String webhookSecret) {

    public static final PriceAlertSettings DEFAULTS = new PriceAlertSettings(true, 5, 0, Duration.ofDays(7),
            Duration.ofDays(30), Duration.ofDays(7), null, null);

    public PriceAlertSettings {
        Objects.requireNonNull(cooldown, "cooldown");
        Objects.requireNonNull(interestWindow, "interestWindow");
        Objects.requireNonNull(boostWindow, "boostWindow");
        if (!(minPercent >= 0 && minPercent < 100)) {
            throw new IllegalArgumentException("minPercent must be 0 to < 100, got " + minPercent);
        }
        if (minAmountMinor < 0) {
            throw new IllegalArgumentException("minAmountMinor must be >= 0, got " + minAmountMinor);
        }
        if (cooldown.isNegative() || interestWindow.isNegative() || boostWindow.isNegative()) {
            throw new IllegalArgumentException("durations must not be negative");
        }
        if ((webhookUrl == null) != (webhookSecret == null)) {
            throw new IllegalArgumentException("webhookUrl and webhookSecret go together");
        }
        if (webhookUrl != null) {
            String scheme = URI.create(webhookUrl).getScheme();
            if (!"http".equals(scheme) && !"https".equals(scheme)) {
                throw new IllegalArgumentException("webhookUrl must be http or https, got " + webhookUrl);
            }
        }
    }

    /** Whether {@code drop} passes the thresholds (both percent and amount). */
    public boolean passes(long oldMinor, long newMinor) {
        return newMinor < oldMinor && PriceDrop.percent(oldMinor, newMinor) >= minPercent
                && oldMinor - newMinor >= minAmountMinor;
    }
}
