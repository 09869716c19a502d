package org.shoptide.trade.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Configuration of the sandbox provider ({@code payment.sandbox.*} keys, see {@code docs/CONFIGURATION.md}).
 *
 * @param ledgerFile
 *            the append-only ledger; survives a kill of the server
 * @param secret
 *            the HMAC secret notifications are signed with (at least 16 characters)
 * @param pageBaseUrl
 *            the server's public URL; payment pages are {@code <pageBaseUrl>/sandbox/pay/<paymentId>}
 * @param autoOutcome
 *            what happens to a new payment without a payer: {@code NONE} waits for the payment page
 * @param autoDelay
 *            how long after the prepay the automatic outcome happens
 * @param maxNotifyDelay
 *            each delivery of a notification waits a random time up to this, so later ones may overtake earlier ones
 * @param duplicates
 *            extra deliveries of every notification (same notification id)
 * @param timeoutRate
 *            the share of provider calls that fail with a retryable time-out, half of them after the call took effect
 * @param autoSettleRefunds
 *            whether refunds succeed by themselves (else only through {@link SandboxPaymentProvider#settleRefund})
 * @param tolerance
 *            how far a notification's signing time may be from the receiver's clock
 * @param seed
 *            seed of the random choices (0: from the clock)
 */
public record SandboxSettings(Path ledgerFile, String secret, String pageBaseUrl, Outcome autoOutcome,
        Duration autoDelay, Duration maxNotifyDelay, int duplicates, double timeoutRate, boolean autoSettleRefunds,
        Duration tolerance, long seed) {

    /** What the sandbox does with a payment by itself. */
    public enum Outcome {
        NONE, SUCCEED, FAIL
    }

    public SandboxSettings {
        Objects.requireNonNull(ledgerFile, "ledgerFile");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(pageBaseUrl, "pageBaseUrl");
        Objects.requireNonNull(autoOutcome, "autoOutcome");
        Objects.requireNonNull(autoDelay, "autoDelay");
        Objects.requireNonNull(maxNotifyDelay, "maxNotifyDelay");
        Objects.requireNonNull(tolerance, "tolerance");
        if (duplicates < 0 || duplicates > 10) {
            throw new IllegalArgumentException("duplicates must be 0 to 10, got " + duplicates);
        }
        if (!(timeoutRate >= 0 && timeoutRate < 1)) {
            throw new IllegalArgumentException("timeoutRate must be in [0, 1), got " + timeoutRate);
        }
        if (autoDelay.isNegative() || maxNotifyDelay.isNegative()) {
            throw new IllegalArgumentException("delays must not be negative");
        }
        pageBaseUrl = pageBaseUrl.endsWith("/") ? pageBaseUrl.substring(0, pageBaseUrl.length() - 1) : pageBaseUrl;
    }

    /** A well-behaved sandbox: payments wait for the page, notifications are sent at once and once. */
    public static SandboxSettings defaults(Path ledgerFile, String secret, String pageBaseUrl) {
        return new SandboxSettings(ledgerFile, secret, pageBaseUrl, Outcome.NONE, Duration.ZERO, Duration.ZERO, 0, 0,
                true, Duration.ofMinutes(5), 0);
    }
}
