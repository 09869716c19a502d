package org.shoptide.engine;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import org.shoptide.core.shop.ApiKeyKind;
import org.shoptide.core.shop.ShopId;

/**
 * API key generation and hashing. A key is {@code <pk|sk>_<shop>_<43 chars of base64url of 32 random bytes>}; only its
 * SHA-256 (lower-case hex) is stored. Keys carry 256 bits of entropy, so an unsalted fast hash is sufficient and lets
 * authentication be a single indexed lookup.
 */
final class ApiKeys {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private final SecureRandom random;

    ApiKeys(SecureRandom random) {
        this.random = random;
    }

    String newKey(ApiKeyKind kind, ShopId shop) {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return kind.prefix() + "_" + shop.value() + "_" + B64.encodeToString(b);
    }

    static String hash(String key) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }

    /** The kind a key's prefix announces, or null when it has none of the known prefixes. */
    static ApiKeyKind kindOf(String key) {
        for (ApiKeyKind k : ApiKeyKind.values()) {
            if (key.startsWith(k.prefix() + "_")) {
                return k;
            }
        }
        return null;
    }
}
