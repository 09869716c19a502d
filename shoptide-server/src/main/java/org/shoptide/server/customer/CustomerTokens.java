package org.shoptide.server.customer;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.shoptide.core.port.CustomerTokenKeyStore;
import org.shoptide.core.port.CustomerTokenKeyStore.CustomerTokenSettings;
import org.shoptide.core.shop.ShopId;

/**
 * Each shop's customer-token settings and the verifiers built from them: one {@link ShopTokenVerifier} per shop, cached
 * (Caffeine, bounded, refreshed at least every {@link #CACHE_TTL} so that a change made by another server process is
 * seen) and invalidated at once when this process changes the settings.
 */
public final class CustomerTokens {

    /** The default {@code maxLifetime}: long enough for a chat session, short enough to limit a leaked token. */
    public static final Duration DEFAULT_MAX_LIFETIME = Duration.ofHours(1);
    static final Duration CACHE_TTL = Duration.ofMinutes(1);

    /** A verified customer. */
    public record Verified(String subject) {
    }

    /**
     * A refused token: {@code reason} a short slug ({@code expired}, {@code signature}, ...), the message safe to show.
     */
    public static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String reason;

        Refused(String reason, String message) {
            super(message);
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }

    private final CustomerTokenKeyStore store;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Cache<ShopId, ShopTokenVerifier> verifiers = Caffeine.newBuilder().maximumSize(100_000)
            .expireAfterWrite(CACHE_TTL).build();

    public CustomerTokens(CustomerTokenKeyStore store, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Verifies {@code token} for {@code shop} and returns its subject.
     *
     * @throws Refused
     *             with the reason; never contains the token
     */
    public Verified verify(ShopId shop, String token) {
        ShopTokenVerifier v = verifiers.get(shop, s -> store.get(s).map(settings -> new ShopTokenVerifier(s, settings))
                .orElseGet(() -> new ShopTokenVerifier(s)));
        try {
            return new Verified(v.verify(token, clock.instant()));
        } catch (ShopTokenVerifier.Rejected e) {
            throw new Refused(e.reason(), e.getMessage());
        }
    }

    /** The shop's settings, if it has any. */
    public Optional<CustomerTokenSettings> settings(ShopId shop) {
        return store.get(shop);
    }

    /** The algorithms the shop's settings allow. */
    public static Set<String> algorithms(ShopId shop, CustomerTokenSettings settings) {
        return new ShopTokenVerifier(shop, settings).algorithms();
    }

    /** Replaces the shop's settings (already validated) and drops its cached verifier. */
    public CustomerTokenSettings update(ShopId shop, CustomerTokenSettings settings) {
        try {
            return store.put(shop, settings);
        } finally {
            verifiers.invalidate(shop);
        }
    }

    /**
     * Generates a new HS256 secret (256 random bits, base64url, 43 characters; the HMAC key is its UTF-8 bytes, as
     * common JWT libraries use a string secret), stores it in place of the old one and returns it. Tokens signed with
     * the old secret are refused from now on.
     */
    public String rotateSecret(ShopId shop) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        CustomerTokenSettings current = store.get(shop).orElse(null);
        update(shop,
                current == null
                        ? new CustomerTokenSettings(secret, null, shop.value(), DEFAULT_MAX_LIFETIME, clock.instant(),
                                0)
                        : new CustomerTokenSettings(secret, current.jwks(), current.audience(), current.maxLifetime(),
                                clock.instant(), 0));
        return secret;
    }
}
