package org.shoptide.core.port;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.shoptide.core.shop.ShopId;

/**
 * Each shop's settings for verifying the customer tokens its backend signs (JWTs naming one customer; see
 * {@code docs/CUSTOMER-TOKENS.md}). Contract: {@code CustomerTokenKeyStoreContract} in shoptide-testing.
 * <ul>
 * <li>{@link #put} replaces the shop's settings as a whole, atomically and durably, and returns them with the next
 * {@code version} (1 for the first), so a cache of verifiers can tell stale entries.
 * <li>The store keeps the HS256 secret as given (it must verify with it) and the JWKS as text; it does not interpret
 * either.
 * <li>Shops are isolated.
 * </ul>
 */
public interface CustomerTokenKeyStore {

    /** The shop's settings, or empty when it never set any. */
    Optional<CustomerTokenSettings> get(ShopId shop);

    /** Replaces the shop's settings; {@code settings.version()} is ignored and the stored next version returned. */
    CustomerTokenSettings put(ShopId shop, CustomerTokenSettings settings);

    /** Removes the shop's settings (the shop is erased); true when there were any. */
    boolean delete(ShopId shop);

    /**
     * How a shop's customer tokens are verified.
     *
     * @param hs256Secret
     *            the HS256 signing secret (at least 32 bytes), or null when the shop does not use HS256; secret
     * @param jwks
     *            the shop's public keys for RS256/ES256 as JWK Set JSON text ({@code {"keys":[...]}}), or null
     * @param audience
     *            the {@code aud} value tokens must contain
     * @param maxLifetime
     *            the longest a token may be valid ({@code exp} minus {@code iat})
     * @param version
     *            1 for the first settings of a shop, one more on every {@link #put}
     */
    record CustomerTokenSettings(String hs256Secret, String jwks, String audience, Duration maxLifetime,
            Instant updatedAt, long version) {
        public CustomerTokenSettings {
            Objects.requireNonNull(audience, "audience");
            Objects.requireNonNull(maxLifetime, "maxLifetime");
            Objects.requireNonNull(updatedAt, "updatedAt");
            if (maxLifetime.isNegative() || maxLifetime.isZero()) {
                throw new IllegalArgumentException("maxLifetime must be positive");
            }
        }

        /** The same settings at another version (what a store returns from {@link #put}). */
        public CustomerTokenSettings withVersion(long v) {
            return new CustomerTokenSettings(hs256Secret, jwks, audience, maxLifetime, updatedAt, v);
        }

        @Override
        public String toString() {
            return "CustomerTokenSettings[hs256Secret=" + (hs256Secret == null ? "none" : "***") + ", jwks="
                    + (jwks == null ? "none" : jwks.length() + " chars") + ", audience=" + audience + ", maxLifetime="
                    + maxLifetime + ", updatedAt=" + updatedAt + ", version=" + version + "]";
        }
    }
}
