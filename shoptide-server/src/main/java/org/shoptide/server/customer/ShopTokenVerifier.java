package org.shoptide.server.customer;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.shoptide.core.port.CustomerTokenKeyStore.CustomerTokenSettings;
import org.shoptide.core.shop.ShopId;

/**
 * Verifies one shop's customer tokens (compact JWS, RFC 7515/7519) against its {@link CustomerTokenSettings}; built
 * once per settings version and cached by {@link CustomerTokens}.
 * <p>
 * The algorithm comes from the token's header but must be one the shop's settings allow: HS256 only when the shop has a
 * secret, RS256/ES256 only for a key of the matching type in its JWKS (selected by {@code kid}, or the only key of that
 * type). A token's header can therefore never make an RSA public key serve as an HMAC secret, and {@code alg: none} is
 * not a JWS at all. Keys named by headers ({@code jku}, {@code jwk}, {@code x5u}) are ignored. Then the claims:
 * {@code exp} required and not past, {@code nbf} and {@code iat} not in the future, lifetime ({@code exp} minus
 * {@code iat}, or minus now without {@code iat}) at most the shop's maximum, {@code aud} contains the shop's audience,
 * {@code shop} equals the shop, {@code sub} present. Each rule allows {@link #LEEWAY} of clock difference. Rejections
 * never contain the token.
 */
final class ShopTokenVerifier {

    /** Allowed clock difference between the shop's backend and this server. */
    static final Duration LEEWAY = Duration.ofSeconds(30);

    /** Why a token was refused; {@code reason} is a short slug, {@code detail} safe to show (no token content). */
    static final class Rejected extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String reason;

        Rejected(String reason, String detail) {
            super(detail);
            this.reason = reason;
        }

        String reason() {
            return reason;
        }
    }

    private final ShopId shop;
    private final CustomerTokenSettings settings;
    private final MACVerifier hmac;
    private final List<JWK> publicKeys;

    /** A verifier for a shop without settings: refuses every token. */
    ShopTokenVerifier(ShopId shop) {
        this.shop = shop;
        this.settings = null;
        this.hmac = null;
        this.publicKeys = List.of();
    }

    ShopTokenVerifier(ShopId shop, CustomerTokenSettings settings) {
        this.shop = shop;
        this.settings = settings;
        try {
            this.hmac = settings.hs256Secret() == null ? null
                    : new MACVerifier(settings.hs256Secret().getBytes(StandardCharsets.UTF_8));
            this.publicKeys = settings.jwks() == null ? List.of() : JWKSet.parse(settings.jwks()).getKeys();
        } catch (JOSEException | ParseException e) {
            throw new IllegalStateException("stored customer token settings of " + shop + " are unusable", e);
        }
    }

    /** The algorithms tokens of this shop may use. */
    Set<String> algorithms() {
        Set<String> out = new LinkedHashSet<>();
        if (hmac != null) {
            out.add(JWSAlgorithm.HS256.getName());
        }
        for (JWK k : publicKeys) {
            out.add(k instanceof RSAKey ? JWSAlgorithm.RS256.getName() : JWSAlgorithm.ES256.getName());
        }
        return out;
    }

    /** The verified token's subject (the customer id). */
    String verify(String token, Instant now) {
        if (settings == null) {
            throw new Rejected("not-configured",
                    "shop " + shop.value() + " has not set up customer tokens (PUT /v1/shops/{id}/customer-tokens)");
        }
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token.strip());
        } catch (ParseException | RuntimeException e) {
            throw new Rejected("malformed", "the customer token is not a signed JWT (compact JWS)");
        }
        JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
        if (!algorithms().contains(alg.getName())) {
            throw new Rejected("algorithm", "algorithm " + alg.getName() + " is not allowed for shop " + shop.value()
                    + "; allowed: " + String.join(", ", algorithms()));
        }
        boolean valid;
        try {
            valid = jwt.verify(verifierFor(alg, jwt.getHeader().getKeyID()));
        } catch (JOSEException e) {
            valid = false;
        }
        if (!valid) {
            throw new Rejected("signature", "the customer token's signature does not verify with shop " + shop.value()
                    + "'s " + alg.getName() + " key");
        }
        JWTClaimsSet claims;
        try {
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new Rejected("malformed", "the customer token's payload is not a JSON claims set");
        }
        return checkClaims(claims, now);
    }

    private JWSVerifier verifierFor(JWSAlgorithm alg, String kid) throws JOSEException {
        if (JWSAlgorithm.HS256.equals(alg)) {
            return hmac;
        }
        List<JWK> candidates = new ArrayList<>();
        for (JWK k : publicKeys) {
            boolean typeMatches = JWSAlgorithm.RS256.equals(alg) ? k instanceof RSAKey : k instanceof ECKey;
            if (typeMatches && (kid == null || kid.equals(k.getKeyID()))) {
                candidates.add(k);
            }
        }
        if (candidates.size() != 1) {
            throw new Rejected("key",
                    kid == null
                            ? "the customer token has no kid and shop " + shop.value() + " has several " + alg.getName()
                                    + " keys; set kid"
                            : "no " + alg.getName() + " key with this kid in shop " + shop.value() + "'s JWKS");
        }
        JWK key = candidates.get(0);
        return key instanceof RSAKey rsa ? new RSASSAVerifier(rsa) : new ECDSAVerifier((ECKey) key);
    }

    private String checkClaims(JWTClaimsSet c, Instant now) {
        Instant exp = instant(c.getExpirationTime());
        if (exp == null) {
            throw new Rejected("claims", "the customer token has no exp (expiry) claim");
        }
        if (now.isAfter(exp.plus(LEEWAY))) {
            throw new Rejected("expired", "the customer token expired at " + exp);
        }
        Instant nbf = instant(c.getNotBeforeTime());
        if (nbf != null && nbf.isAfter(now.plus(LEEWAY))) {
            throw new Rejected("not-yet-valid", "the customer token is not valid before " + nbf);
        }
        Instant iat = instant(c.getIssueTime());
        if (iat != null && iat.isAfter(now.plus(LEEWAY))) {
            throw new Rejected("claims", "the customer token's iat " + iat + " is in the future");
        }
        Instant start = iat != null ? iat : nbf != null && nbf.isBefore(now) ? nbf : now;
        Duration lifetime = Duration.between(start, exp);
        if (lifetime.compareTo(settings.maxLifetime().plus(LEEWAY)) > 0) {
            throw new Rejected("lifetime", "the customer token is valid for " + lifetime.toSeconds() + " s; shop "
                    + shop.value() + " allows at most " + settings.maxLifetime().toSeconds() + " s");
        }
        List<String> aud = c.getAudience();
        if (aud == null || !aud.contains(settings.audience())) {
            throw new Rejected("audience", "the customer token's aud does not contain shop " + shop.value()
                    + "'s audience '" + settings.audience() + "'");
        }
        Object claimedShop = c.getClaim("shop");
        if (!shop.value().equals(claimedShop)) {
            throw new Rejected("shop", "the customer token's shop claim does not name shop " + shop.value());
        }
        String sub = c.getSubject();
        if (sub == null || sub.isBlank() || sub.length() > 256) {
            throw new Rejected("claims",
                    "the customer token's sub (the customer id) is missing or over 256 characters");
        }
        return sub;
    }

    private static Instant instant(Date d) {
        return d == null ? null : d.toInstant();
    }
}
