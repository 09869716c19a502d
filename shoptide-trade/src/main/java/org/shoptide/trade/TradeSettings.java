package org.shoptide.trade;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the trade services.
 *
 * @param paymentTtl
 *            how long an order may wait for its payment before the reconciliation job expires it
 * @param publicBaseUrl
 *            the server's URL as providers and browsers reach it (e.g. {@code https://shop.example}); notification URLs
 *            are {@code <publicBaseUrl>/v1/payments/<provider>/notify}
 * @param providerAttempts
 *            how often a provider call that timed out is tried with the same id before the caller gets a 503
 * @param reconcileAfter
 *            how old an unpaid order must be before the reconciliation job asks the provider about it
 */
public record TradeSettings(Duration paymentTtl, String publicBaseUrl, int providerAttempts, Duration reconcileAfter) {
    public TradeSettings {
        Objects.requireNonNull(paymentTtl, "paymentTtl");
        Objects.requireNonNull(publicBaseUrl, "publicBaseUrl");
        Objects.requireNonNull(reconcileAfter, "reconcileAfter");
        if (paymentTtl.isNegative() || paymentTtl.isZero()) {
            throw new IllegalArgumentException("paymentTtl must be positive");
        }
        if (providerAttempts < 1) {
            throw new IllegalArgumentException("providerAttempts must be at least 1");
        }
        publicBaseUrl = publicBaseUrl.endsWith("/") ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1)
                : publicBaseUrl;
    }

    /** Thirty minutes to pay, three attempts per provider call, reconciliation after two minutes. */
    public static TradeSettings defaults(String publicBaseUrl) {
        return new TradeSettings(Duration.ofMinutes(30), publicBaseUrl, 3, Duration.ofMinutes(2));
    }

    /** Where {@code provider} sends its notifications. */
    public String notifyUrl(String provider) {
        return publicBaseUrl + "/v1/payments/" + provider + "/notify";
    }
}
