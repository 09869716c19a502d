package org.shoptide.server.customer;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.shoptide.core.port.CustomerTokenKeyStore.CustomerTokenSettings;
import org.shoptide.core.shop.ShopId;
import org.shoptide.engine.api.Violation;

/**
 * The JSON of {@code /v1/shops/{id}/customer-tokens}: reads a {@code PUT} body onto the current settings and renders
 * settings without the secret.
 * <p>
 * Body fields, all optional (an absent field keeps its value): {@code audience} (1-256 characters),
 * {@code maxLifetimeSeconds} (60 to 86400), {@code jwks} (a JWK Set of public RSA keys of at least 2048 bits for RS256
 * and EC P-256 keys for ES256, at most 20, each with a distinct {@code kid} when there are several; {@code null}
 * removes it) and {@code hs256Secret} (an operator-chosen secret of 32 to 512 bytes; {@code null} turns HS256 off; to
 * have the server generate one, {@code POST .../secret}). Unknown fields are refused.
 */
public final class CustomerTokenSettingsJson {

    static final int MAX_KEYS = 20;
    private static final Set<String> FIELDS = Set.of("audience", "maxLifetimeSeconds", "jwks", "hs256Secret");

    private CustomerTokenSettingsJson() {
    }

    /**
     * The settings {@code body} asks for, over {@code current} (null: defaults), stamped {@code now}; violations are
     * added to {@code v} (then the result is meaningless).
     */
    public static CustomerTokenSettings read(ShopId shop, CustomerTokenSettings current, JsonNode body, Instant now,
            List<Violation> v) {
        String secret = current == null ? null : current.hs256Secret();
        String jwks = current == null ? null : current.jwks();
        String audience = current == null ? shop.value() : current.audience();
        Duration maxLifetime = current == null ? CustomerTokens.DEFAULT_MAX_LIFETIME : current.maxLifetime();
        if (body == null || !body.isObject()) {
            v.add(new Violation(-1, "body", "the body must be a JSON object"));
            return null;
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                v.add(new Violation(-1, name,
                        "unknown field; allowed: audience, maxLifetimeSeconds, jwks, hs256Secret"));
            }
        }
        if (body.has("audience")) {
            JsonNode a = body.get("audience");
            if (!a.isTextual() || a.asText().isBlank() || a.asText().length() > 256) {
                v.add(new Violation(-1, "audience", "audience must be a string of 1 to 256 characters"));
            } else {
                audience = a.asText();
            }
        }
        if (body.has("maxLifetimeSeconds")) {
            JsonNode m = body.get("maxLifetimeSeconds");
            if (!m.isIntegralNumber() || !m.canConvertToLong() || m.asLong() < 60 || m.asLong() > 86_400) {
                v.add(new Violation(-1, "maxLifetimeSeconds",
                        "maxLifetimeSeconds must be an integer from 60 to 86400"));
            } else {
                maxLifetime = Duration.ofSeconds(m.asLong());
            }
        }
        if (body.has("hs256Secret")) {
            JsonNode s = body.get("hs256Secret");
            if (s.isNull()) {
                secret = null;
            } else if (!s.isTextual() || s.asText().getBytes(StandardCharsets.UTF_8).length < 32
                    || s.asText().getBytes(StandardCharsets.UTF_8).length > 512) {
                v.add(new Violation(-1, "hs256Secret",
                        "hs256Secret must be a string of 32 to 512 bytes (HS256 needs a 256-bit key), or null to turn HS256 off"));
            } else {
                secret = s.asText();
            }
        }
        if (body.has("jwks")) {
            JsonNode j = body.get("jwks");
            jwks = j.isNull() ? null : publicJwks(j, v);
        }
        return new CustomerTokenSettings(secret, jwks, audience, maxLifetime, now, 0);
    }

    /** The settings as the API shows them: algorithms, public keys, audience, lifetime; never the secret. */
    public static Map<String, Object> render(ShopId shop, CustomerTokenSettings s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("shop", shop.value());
        if (s == null) {
            out.put("configured", false);
            out.put("algorithms", List.of());
            out.put("hs256", false);
            out.put("jwks", null);
            out.put("audience", shop.value());
            out.put("maxLifetimeSeconds", CustomerTokens.DEFAULT_MAX_LIFETIME.toSeconds());
            out.put("version", 0);
            return out;
        }
        out.put("configured", true);
        out.put("algorithms", List.copyOf(CustomerTokens.algorithms(shop, s)));
        out.put("hs256", s.hs256Secret() != null);
        try {
            out.put("jwks", s.jwks() == null ? null : JWKSet.parse(s.jwks()).toJSONObject(true));
        } catch (ParseException e) {
            throw new IllegalStateException("stored JWKS of " + shop + " is not a JWK Set", e);
        }
        out.put("audience", s.audience());
        out.put("maxLifetimeSeconds", s.maxLifetime().toSeconds());
        out.put("version", s.version());
        out.put("updatedAt", s.updatedAt().toString());
        return out;
    }

    private static String publicJwks(JsonNode node, List<Violation> v) {
        JWKSet set;
        try {
            set = JWKSet.parse(node.toString());
        } catch (ParseException e) {
            v.add(new Violation(-1, "jwks", "jwks must be a JWK Set: {\"keys\": [ {\"kty\": ...}, ... ]}"));
            return null;
        }
        List<JWK> keys = set.getKeys();
        if (keys.isEmpty() || keys.size() > MAX_KEYS) {
            v.add(new Violation(-1, "jwks.keys", "jwks.keys must hold 1 to " + MAX_KEYS + " keys"));
            return null;
        }
        Set<String> kids = new HashSet<>();
        List<JWK> accepted = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            JWK k = keys.get(i);
            String field = "jwks.keys[" + i + "]";
            if (k.isPrivate()) {
                v.add(new Violation(i, field, "a private key: publish only the public part (never send private keys)"));
                continue;
            }
            if (k.getKeyUse() != null && !KeyUse.SIGNATURE.equals(k.getKeyUse())) {
                v.add(new Violation(i, field, "use must be 'sig'"));
                continue;
            }
            if (k instanceof RSAKey rsa) {
                if (rsa.size() < 2048) {
                    v.add(new Violation(i, field, "RSA keys must have at least 2048 bits"));
                    continue;
                }
                if (k.getAlgorithm() != null && !JWSAlgorithm.RS256.equals(k.getAlgorithm())) {
                    v.add(new Violation(i, field, "an RSA key's alg must be RS256"));
                    continue;
                }
            } else if (k instanceof ECKey ec) {
                if (!Curve.P_256.equals(ec.getCurve())) {
                    v.add(new Violation(i, field, "EC keys must be on curve P-256 (ES256)"));
                    continue;
                }
                if (k.getAlgorithm() != null && !JWSAlgorithm.ES256.equals(k.getAlgorithm())) {
                    v.add(new Violation(i, field, "an EC key's alg must be ES256"));
                    continue;
                }
                if (!validPoint(ec)) {
                    v.add(new Violation(i, field, "the EC point is not on curve P-256"));
                    continue;
                }
            } else {
                v.add(new Violation(i, field, "only RSA (RS256) and EC P-256 (ES256) keys are supported"));
                continue;
            }
            if (keys.size() > 1 && (k.getKeyID() == null || !kids.add(k.getKeyID()))) {
                v.add(new Violation(i, field, "with several keys, each needs its own kid"));
                continue;
            }
            accepted.add(k.toPublicJWK());
        }
        return new JWKSet(accepted).toString(true);
    }

    private static boolean validPoint(ECKey ec) {
        try {
            ec.toECPublicKey();
            return true;
        } catch (JOSEException e) {
            return false;
        }
    }
}
