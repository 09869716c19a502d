package org.shoptide.server.http;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The operator key, which manages shops. Either configured ({@code operator.key} / {@code SHOPTIDE_OPERATOR_KEY}) or
 * generated on first start: then only its SHA-256 is kept in {@code <data.dir>/operator-key.sha256} and the plaintext
 * is printed once.
 */
public final class OperatorKey {
    public static final String HASH_FILE = "operator-key.sha256";
    private final byte[] hash;

    private OperatorKey(byte[] hash) {
        this.hash = hash;
    }

    public static OperatorKey ofPlaintext(String key) {
        return new OperatorKey(sha256(key));
    }

    /**
     * The configured key if given; else the stored hash; else a new key, whose plaintext is printed to {@code out}
     * once.
     */
    public static OperatorKey resolve(String configured, Path dataDir, PrintStream out) {
        if (configured != null) {
            return ofPlaintext(configured);
        }
        Path file = dataDir.resolve(HASH_FILE);
        try {
            if (Files.exists(file)) {
                String hex = Files.readString(file, StandardCharsets.US_ASCII).trim();
                return new OperatorKey(HexFormat.of().parseHex(hex));
            }
            byte[] raw = new byte[32];
            new SecureRandom().nextBytes(raw);
            String key = "op_" + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
            Files.createDirectories(dataDir);
            Path tmp = dataDir.resolve(HASH_FILE + ".tmp");
            Files.writeString(tmp, HexFormat.of().formatHex(sha256(key)) + "\n", StandardCharsets.US_ASCII);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            out.println("Generated the operator key (shown once; only its hash is stored in " + file + "):");
            out.println("  " + key);
            out.flush();
            return new OperatorKey(sha256(key));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot read or create the operator key hash " + file + ": " + e, e);
        }
    }

    public boolean matches(String candidate) {
        return candidate != null && MessageDigest.isEqual(hash, sha256(candidate));
    }

    static byte[] sha256(String s) {
        return SHA256.get().digest(s.getBytes(StandardCharsets.UTF_8)); // digest() resets it for the next call
    }

    /** One digest per thread: the provider lookup of getInstance showed in every authenticated request's profile. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });
}
