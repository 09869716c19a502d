package org.shoptide.server.trade;

import java.net.URI;
import org.shoptide.wechatpay.WeChatPayConfig;
import org.shoptide.wechatpay.WeChatPayProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import org.shoptide.core.port.PaymentProvider;
import org.shoptide.server.config.ConfigException;
import org.shoptide.server.config.ConfigKey;
import org.shoptide.server.config.ServerConfig;
import org.shoptide.trade.TradeSettings;
import org.shoptide.trade.sandbox.SandboxPaymentProvider;
import org.shoptide.trade.sandbox.SandboxSettings;

/** Chooses the payment provider named by {@code payment.provider} and the trade settings, from the configuration. */
public final class PaymentProviders {
    private PaymentProviders() {
    }

    /** The server's public URL: {@code payment.public-url}, else {@code http://localhost:<http.port>}. */
    public static String publicUrl(ServerConfig c) {
        return c.payment().publicUrl() != null ? c.payment().publicUrl() : "http://localhost:" + c.httpPort();
    }

    public static TradeSettings settings(ServerConfig c) {
        return new TradeSettings(c.payment().ttl(), publicUrl(c), 3, Duration.ofMinutes(2));
    }

    /** The configured provider; an unknown name fails start-up. */
    public static PaymentProvider open(ServerConfig c, Clock clock) {
        return switch (c.payment().provider()) {
            case SandboxPaymentProvider.NAME -> sandbox(c, clock);
            case "wechatpay" -> wechatpay(c, clock);
            default -> throw new ConfigException(
                    ConfigKey.PAYMENT_PROVIDER.name() + ": unknown payment provider '" + c.payment().provider() + "'");
        };
    }

    /**
     * WeChat Pay API v3 in public-key mode from {@code payment.wechatpay.*}; every missing or malformed setting fails
     * start-up with its key named.
     */
    private static WeChatPayProvider wechatpay(ServerConfig c, Clock clock) {
        ServerConfig.PaymentSettings p = c.payment();
        String base = p.wechatpay("base-url");
        try {
            WeChatPayConfig config = WeChatPayConfig.of(p.wechatpay("merchant-id"), p.wechatpay("app-id"),
                    p.wechatpay("serial-number"), p.wechatpay("private-key"), p.wechatpay("public-key-id"),
                    p.wechatpay("public-key"), p.wechatpay("api-v3-key"),
                    URI.create(publicUrl(c) + "/v1/payments/wechatpay/notify"));
            return new WeChatPayProvider(base == null ? config : config.withBaseUrl(URI.create(base)), clock);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("payment.wechatpay.*: " + e.getMessage());
        }
    }

    private static SandboxPaymentProvider sandbox(ServerConfig c, Clock clock) {
        Path dir = c.dataDir().resolve("sandbox");
        ServerConfig.PaymentSettings p = c.payment();
        String secret = p.sandboxSecret() != null ? p.sandboxSecret() : generatedSecret(dir.resolve("secret"));
        return new SandboxPaymentProvider(new SandboxSettings(dir.resolve("ledger"), secret, publicUrl(c),
                SandboxSettings.Outcome.valueOf(p.sandboxAutoOutcome().toUpperCase(Locale.ROOT)), Duration.ofSeconds(2),
                p.sandboxNotifyDelay(), p.sandboxDuplicates(), p.sandboxTimeoutRate(), true, Duration.ofMinutes(5), 0),
                clock);
    }

    /** A random secret kept in {@code file} (created on first use, readable by the owner only where supported). */
    private static String generatedSecret(Path file) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).strip();
            }
            Files.createDirectories(file.getParent());
            byte[] b = new byte[32];
            new SecureRandom().nextBytes(b);
            String secret = HexFormat.of().formatHex(b);
            Files.writeString(file, secret, StandardCharsets.UTF_8);
            return secret;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the sandbox secret " + file, e);
        }
    }
}
