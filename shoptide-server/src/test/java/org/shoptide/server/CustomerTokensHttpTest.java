package org.shoptide.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.javalin.http.HandlerType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.shoptide.server.http.filter.Access;
import org.shoptide.server.http.filter.CustomerIdentity;

/**
 * Signed customer tokens over real HTTP: the settings routes, and {@link CustomerIdentity#require} behind a test-only
 * route {@code GET /v1/test/customer?userId=} (open to publishable keys, as the customer routes of orders, budgets and
 * conversations are), with tokens signed the way a shop's backend signs them (nimbus).
 */
class CustomerTokensHttpTest {
    private static final String ME = "/v1/test/customer";

    private TestServer server;
    private String pk;
    private String sk;
    private String otherSk;

    @BeforeEach
    void start() {
        server = new TestServer(api -> api.add(r -> r.add(HandlerType.GET, ME, Access.PUBLISHABLE,
                ctx -> ctx.json(Map.of("customer", CustomerIdentity.require(ctx, ctx.queryParam("userId")))))));
        String[] keys = server.createShop("shop-a");
        pk = keys[0];
        sk = keys[1];
        otherSk = server.createShop("shop-b")[1];
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String rotate() {
        TestServer.Response r = server.post("/v1/shops/shop-a/customer-tokens/secret", sk, null);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
        return r.json().get("secret").asText();
    }

    private static String sign(JWSSigner signer, JWSHeader header, Consumer<JWTClaimsSet.Builder> claims) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder b = new JWTClaimsSet.Builder().subject("cust-42").audience("shop-a")
                .claim("shop", "shop-a").issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(600)));
        claims.accept(b);
        SignedJWT jwt = new SignedJWT(header, b.build());
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    private static String hs256(String secret, Consumer<JWTClaimsSet.Builder> claims) {
        try {
            return sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)), new JWSHeader(JWSAlgorithm.HS256),
                    claims);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private TestServer.Response me(String token, String userId) {
        String path = userId == null ? ME : ME + "?userId=" + userId;
        return server.send("GET", path, pk, null, null, token == null ? Map.of() : Map.of("X-Customer-Token", token));
    }

    private void assertRefused(String token, String userId, int status, String slug) {
        TestServer.Response r = me(token, userId);
        assertThat(r.status()).as(r.text()).isEqualTo(status);
        assertThat(r.json().get("type").asText()).endsWith("/" + slug);
        if (token != null) {
            assertThat(r.text()).as("the token is never echoed").doesNotContain(token)
                    .doesNotContain(token.substring(token.lastIndexOf('.') + 1));
        }
    }

    @Test
    void withoutSettingsOrTokenAPublishableKeyCannotNameACustomer() {
        assertRefused(null, null, 401, "customer-token");
        assertRefused(hs256("a-secret-of-at-least-32-bytes-0123456789", b -> {
        }), null, 401, "customer-token-not-configured");
        TestServer.Response bySecretKey = server.get(ME + "?userId=anyone", sk);
        assertThat(bySecretKey.status()).isEqualTo(200);
        assertThat(bySecretKey.json().get("customer").asText()).isEqualTo("anyone");
        assertThat(server.get(ME, sk).status()).as("the secret key must name the customer").isEqualTo(400);
    }

    @Test
    void anHs256TokenNamesItsCustomerAndOnlyThatOne() {
        String secret = rotate();
        assertThat(secret).hasSize(43);
        String token = hs256(secret, b -> {
        });
        TestServer.Response r = me(token, null);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.json().get("customer").asText()).isEqualTo("cust-42");
        assertThat(me(token, "cust-42").status()).isEqualTo(200);
        assertRefused(token, "cust-43", 403, "customer-token-subject");
    }

    @Test
    void everyClaimIsChecked() {
        String secret = rotate();
        Instant now = Instant.now();
        assertRefused(hs256(secret,
                b -> b.expirationTime(Date.from(now.minusSeconds(120))).issueTime(Date.from(now.minusSeconds(700)))),
                null, 401, "customer-token-expired");
        assertRefused(hs256(secret, b -> b.expirationTime(null)), null, 401, "customer-token-claims");
        assertRefused(hs256(secret, b -> b.audience("someone-else")), null, 401, "customer-token-audience");
        assertRefused(hs256(secret, b -> b.claim("shop", "shop-b")), null, 401, "customer-token-shop");
        assertRefused(hs256(secret, b -> b.subject(null)), null, 401, "customer-token-claims");
        assertRefused(hs256(secret, b -> b.notBeforeTime(Date.from(now.plusSeconds(300)))), null, 401,
                "customer-token-not-yet-valid");
        assertRefused(hs256(secret, b -> b.issueTime(Date.from(now.plusSeconds(300)))), null, 401,
                "customer-token-claims");
        assertRefused(hs256(secret, b -> b.expirationTime(Date.from(now.plus(Duration.ofHours(2))))), null, 401,
                "customer-token-lifetime");
        assertThat(me(hs256(secret, b -> b.audience(List.of("other", "shop-a"))), null).status())
                .as("aud may be a list that contains the shop's audience").isEqualTo(200);
        assertThat(me(hs256(secret, b -> b.expirationTime(Date.from(now.minusSeconds(10)))), null).status())
                .as("within the leeway").isEqualTo(200);
    }

    @Test
    void forgedUnsignedAndMalformedTokensAreRefused() throws Exception {
        String secret = rotate();
        String good = hs256(secret, b -> {
        });
        assertRefused(hs256("another-secret-of-at-least-32-bytes-012345", b -> {
        }), null, 401, "customer-token-signature");
        String[] parts = good.split("\\.");
        String otherPayload = Base64URL.encode("{\"sub\":\"cust-1\",\"aud\":\"shop-a\",\"shop\":\"shop-a\",\"exp\":"
                + (Instant.now().getEpochSecond() + 60) + "}").toString();
        assertRefused(parts[0] + "." + otherPayload + "." + parts[2], null, 401, "customer-token-signature");
        String none = Base64URL.encode("{\"alg\":\"none\"}") + "." + parts[1] + ".";
        TestServer.Response r = me(none, null);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json().get("type").asText()).contains("customer-token-");
        assertRefused("not-a-jwt", null, 401, "customer-token-malformed");
        RSAKey rsa = new RSAKeyGenerator(2048).keyID("r1").generate();
        assertRefused(sign(new RSASSASigner(rsa), new JWSHeader(JWSAlgorithm.RS256), b -> {
        }), null, 401, "customer-token-algorithm");
    }

    @Test
    void rs256AndEs256TokensVerifyAgainstTheShopsJwksWithoutAlgorithmConfusion() throws Exception {
        RSAKey rsa = new RSAKeyGenerator(2048).keyID("r1").generate();
        ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("e1").generate();
        String jwks = new JWKSet(List.of(rsa.toPublicJWK(), ec.toPublicJWK())).toString(true);
        TestServer.Response put = server.put("/v1/shops/shop-a/customer-tokens", sk,
                "{\"jwks\":" + jwks + ",\"maxLifetimeSeconds\":900,\"audience\":\"https://shop-a.example\"}");
        assertThat(put.status()).as(put.text()).isEqualTo(200);
        assertThat(put.json().get("algorithms").toString()).isEqualTo("[\"RS256\",\"ES256\"]");
        assertThat(put.json().get("hs256").asBoolean()).isFalse();

        Consumer<JWTClaimsSet.Builder> aud = b -> b.audience("https://shop-a.example");
        String rsToken = sign(new RSASSASigner(rsa), new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("r1").build(),
                aud);
        String esToken = sign(new ECDSASigner(ec), new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("e1").build(), aud);
        assertThat(me(rsToken, "cust-42").status()).isEqualTo(200);
        assertThat(me(esToken, null).json().get("customer").asText()).isEqualTo("cust-42");
        assertRefused(sign(new RSASSASigner(rsa), new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("nope").build(), aud),
                null, 401, "customer-token-key");
        assertThat(me(sign(new RSASSASigner(rsa), new JWSHeader(JWSAlgorithm.RS256), aud), null).status())
                .as("without kid, the shop's only RSA key").isEqualTo(200);
        RSAKey stranger = new RSAKeyGenerator(2048).keyID("r1").generate();
        assertRefused(
                sign(new RSASSASigner(stranger), new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("r1").build(), aud),
                null, 401, "customer-token-signature");
        // The classic confusion: an HS256 token whose HMAC key is the shop's public RSA key.
        byte[] publicKeyBytes = rsa.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
        assertRefused(
                sign(new MACSigner(publicKeyBytes), new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("r1").build(), aud),
                null, 401, "customer-token-algorithm");
        assertRefused(
                sign(new RSASSASigner(rsa), new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("r1").build(),
                        b -> b.audience("https://shop-a.example")
                                .expirationTime(Date.from(Instant.now().plusSeconds(1800)))),
                null, 401, "customer-token-lifetime");
    }

    @Test
    void rotationAndChangesApplyAtOnce() {
        String first = rotate();
        String oldToken = hs256(first, b -> {
        });
        assertThat(me(oldToken, null).status()).isEqualTo(200);
        String second = rotate();
        assertThat(second).isNotEqualTo(first);
        assertRefused(oldToken, null, 401, "customer-token-signature");
        assertThat(me(hs256(second, b -> {
        }), null).status()).isEqualTo(200);
        TestServer.Response off = server.put("/v1/shops/shop-a/customer-tokens", TestServer.OPERATOR_KEY,
                "{\"hs256Secret\":null}");
        assertThat(off.status()).as(off.text()).isEqualTo(200);
        assertRefused(hs256(second, b -> {
        }), null, 401, "customer-token-algorithm");
        String chosen = "operator-chosen-secret-0123456789-abcdef";
        assertThat(server.put("/v1/shops/shop-a/customer-tokens", sk, "{\"hs256Secret\":\"" + chosen + "\"}").status())
                .isEqualTo(200);
        assertThat(me(hs256(chosen, b -> {
        }), null).status()).isEqualTo(200);
    }

    @Test
    void settingsNeverShowTheSecretAndOnlyTheShopOrOperatorMayTouchThem() {
        String secret = rotate();
        TestServer.Response get = server.get("/v1/shops/shop-a/customer-tokens", sk);
        assertThat(get.status()).isEqualTo(200);
        assertThat(get.text()).doesNotContain(secret);
        JsonNode s = get.json();
        assertThat(s.get("configured").asBoolean()).isTrue();
        assertThat(s.get("hs256").asBoolean()).isTrue();
        assertThat(s.get("audience").asText()).isEqualTo("shop-a");
        assertThat(s.get("maxLifetimeSeconds").asLong()).isEqualTo(3600);
        assertThat(server.get("/v1/shops/shop-a/customer-tokens", TestServer.OPERATOR_KEY).text())
                .doesNotContain(secret);
        assertThat(server.get("/v1/shops/shop-a/customer-tokens", otherSk).status()).isEqualTo(403);
        assertThat(server.get("/v1/shops/shop-a/customer-tokens", pk).status()).isIn(401, 403);
        assertThat(server.post("/v1/shops/shop-a/customer-tokens/secret", otherSk, null).status()).isEqualTo(403);
        assertThat(server.get("/v1/shops/nope/customer-tokens", TestServer.OPERATOR_KEY).status()).isEqualTo(404);
        assertThat(server.get("/v1/shops/shop-b/customer-tokens", otherSk).json().get("configured").asBoolean())
                .isFalse();
    }

    @Test
    void badSettingsAreRefusedAndChangeNothing() throws Exception {
        rotate();
        long version = server.get("/v1/shops/shop-a/customer-tokens", sk).json().get("version").asLong();
        RSAKey weak = new RSAKeyGenerator(1024, true).keyID("w").generate();
        RSAKey priv = new RSAKeyGenerator(2048).keyID("p").generate();
        ECKey p384 = new ECKeyGenerator(Curve.P_384).keyID("c").generate();
        for (String body : List.of("{\"hs256Secret\":\"short\"}", "{\"maxLifetimeSeconds\":10}",
                "{\"maxLifetimeSeconds\":1.5}", "{\"audience\":\"\"}", "{\"unknown\":1}", "[]", "{\"jwks\":{}}",
                "{\"jwks\":{\"keys\":[" + weak.toPublicJWK().toJSONString() + "]}}",
                "{\"jwks\":{\"keys\":[" + priv.toJSONString() + "]}}",
                "{\"jwks\":{\"keys\":[" + p384.toPublicJWK().toJSONString() + "]}}",
                "{\"jwks\":{\"keys\":[{\"kty\":\"oct\",\"k\":\"c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0\"}]}}")) {
            TestServer.Response r = server.put("/v1/shops/shop-a/customer-tokens", sk, body);
            assertThat(r.status()).as(body + " -> " + r.text()).isEqualTo(400);
            assertThat(r.text()).doesNotContain(priv.getPrivateExponent().toString());
        }
        assertThat(server.get("/v1/shops/shop-a/customer-tokens", sk).json().get("version").asLong())
                .isEqualTo(version);
    }
}
