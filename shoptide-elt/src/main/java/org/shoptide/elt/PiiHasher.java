package org.shoptide.elt;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.shoptide.core.shop.ShopId;

/**
 * Hashes personal identifiers of one shop: {@code hex(SHA-256(salt || normalised value))} where the salt is {@code
 * hex(HMAC-SHA256(secret, shop id))}. The secret is the server's {@code elt.pii-secret}; one shop's hashes are useless
 * for matching against another's, and the salt never lands in the lake. The landing SQL ({@link #sql}) and the Java
 * method ({@link #hash}) give the same hex string.
 */
public final class PiiHasher {
    private final String salt;

    private PiiHasher(String salt) {
        this.salt = salt;
    }

    public static PiiHasher forShop(String secret, ShopId shop) {
        Objects.requireNonNull(secret, "PII secret");
        if (secret.length() < 16) {
            throw new IllegalArgumentException("elt.pii-secret must be at least 16 characters");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return new PiiHasher(HexFormat.of().formatHex(mac.doFinal(shop.value().getBytes(StandardCharsets.UTF_8))));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    /** The hash of {@code value} of {@code kind}, or null for a null or blank value. */
    public String hash(PiiKind kind, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(d.digest((salt + kind.normalise(value)).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** DuckDB SQL for the hash of the VARCHAR expression {@code column} (NULL for NULL or blank). */
    String sql(PiiKind kind, String column) {
        return "CASE WHEN " + column + " IS NULL OR trim(" + column + ") = '' THEN NULL ELSE sha256(" + Duck.lit(salt)
                + " || " + kind.normaliseSql(column) + ") END";
    }
}
