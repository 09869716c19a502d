package org.shoptide.engine.experiment;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Deterministic assignment of units to variants. A unit's position in [0, 1) is the first 53 bits of
 * SHA-256(experimentId ":" unitId): the same on every node and after every restart, so a user keeps their variant
 * across sessions, and independent between experiments because the experiment id is part of the hashed text (a user's
 * variant in one experiment says nothing about their variant in another).
 */
public final class Bucketing {
    private Bucketing() {
    }

    /** The unit's position in [0, 1) for this experiment. */
    public static double position(String experimentId, String unitId) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
        sha.update(experimentId.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) ':');
        byte[] h = sha.digest(unitId.getBytes(StandardCharsets.UTF_8));
        long bits = 0;
        for (int i = 0; i < 8; i++) {
            bits = bits << 8 | (h[i] & 0xff);
        }
        return (bits >>> 11) * 0x1.0p-53;
    }

    /** The variant whose share of [0, 1), in order and proportional to {@code weights}, contains {@code position}. */
    public static int variant(double position, double[] weights) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double acc = 0;
        for (int i = 0; i < weights.length; i++) {
            acc += weights[i] / total;
            if (position < acc) {
                return i;
            }
        }
        return weights.length - 1;
    }
}
