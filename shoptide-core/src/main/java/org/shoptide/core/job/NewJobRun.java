package org.shoptide.core.job;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;
import org.shoptide.core.shop.ShopId;

/**
 * A run to enqueue (state {@link JobState#QUEUED}).
 *
 * @param kind
 *            the job kind: 1 to 64 of {@code a-z 0-9 . _ -}, starting with a letter
 * @param shop
 *            the shop, or null for a job of the whole server
 * @param trigger
 *            why it is enqueued
 * @param attempt
 *            1 for a first try
 * @param scheduledAt
 *            not to start before
 */
public record NewJobRun(String kind, ShopId shop, JobTrigger trigger, int attempt, Instant scheduledAt) {
    private static final Pattern KIND = Pattern.compile("[a-z][a-z0-9._-]{0,63}");

    public NewJobRun {
        requireKind(kind);
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(scheduledAt, "scheduledAt");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be >= 1: " + attempt);
        }
    }

    /** Checks a job kind's name; returns it. */
    public static String requireKind(String kind) {
        Objects.requireNonNull(kind, "kind");
        if (!KIND.matcher(kind).matches()) {
            throw new IllegalArgumentException(
                    "job kind must be 1 to 64 of a-z 0-9 . _ - starting with a letter, got '" + kind + "'");
        }
        return kind;
    }

    /** True when {@code kind} is a valid job kind name. */
    public static boolean isKind(String kind) {
        return kind != null && KIND.matcher(kind).matches();
    }
}
