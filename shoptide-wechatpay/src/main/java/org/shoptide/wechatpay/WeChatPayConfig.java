package org.shoptide.wechatpay;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * How to reach one WeChat Pay merchant account in public-key mode (the mode WeChat Pay recommends since 2024: the
 * platform's public key and its id are downloaded once from the merchant platform and configured here, so nothing is
 * fetched at start).
 * <p>
 * Key values are either PEM text ({@code -----BEGIN ...}) or the path of a PEM file. Every field is checked here, at
 * construction, with a message that names the field; keys are parsed by {@link WeChatPayProvider}. {@link #toString()}
 * never shows the private key or the API v3 key.
 *
 * @param merchantId
 *            {@code mchid}, digits
 * @param appId
 *            the app id (of the official account or mini program) payments are made for
 * @param merchantSerialNumber
 *            serial number of the merchant API certificate whose private key signs requests
 * @param merchantPrivateKey
 *            the merchant's PKCS#8 RSA private key (PEM text or file path); secret
 * @param publicKeyId
 *            id of the WeChat Pay public key ({@code PUB_KEY_ID_...}), sent as {@code Wechatpay-Serial}
 * @param publicKey
 *            the WeChat Pay public key (PEM text or file path) that verifies responses and notifications
 * @param apiV3Key
 *            the 32-character API v3 key that decrypts notifications (AEAD_AES_256_GCM); secret
 * @param baseUrl
 *            scheme, host and port of the API ({@link #OFFICIAL_BASE_URL} by default; a proxy or a local fake in
 *            tests); no path, since request signatures cover the path
 * @param notifyUrl
 *            default notification URL (prepays without one, and every refund)
 * @param connectTimeout
 *            TCP connect time-out
 * @param readTimeout
 *            time-out for the whole response; a call past it may have happened and is reported retryable
 * @param notificationMaxAge
 *            notifications whose {@code Wechatpay-Timestamp} is older are rejected (5 minutes by default)
 * @param clockSkew
 *            how far in the future a notification's timestamp may be (1 minute by default)
 */
public record WeChatPayConfig(String merchantId, String appId, String merchantSerialNumber, String merchantPrivateKey,
        String publicKeyId, String publicKey, String apiV3Key, URI baseUrl, URI notifyUrl, Duration connectTimeout,
        Duration readTimeout, Duration notificationMaxAge, Duration clockSkew) {

    /** The API host of mainland China merchants. */
    public static final URI OFFICIAL_BASE_URL = URI.create("https://api.mch.weixin.qq.com");

    private static final Pattern MCHID = Pattern.compile("[0-9]{6,32}");
    private static final Pattern APPID = Pattern.compile("[A-Za-z0-9_]{1,32}");
    private static final Pattern SERIAL = Pattern.compile("[A-Za-z0-9_]{1,64}");

    public WeChatPayConfig {
        require(merchantId, "merchantId");
        if (!MCHID.matcher(merchantId).matches()) {
            throw new IllegalArgumentException("merchantId must be the mchid, 6 to 32 digits");
        }
        require(appId, "appId");
        if (!APPID.matcher(appId).matches()) {
            throw new IllegalArgumentException("appId must be 1 to 32 characters of [A-Za-z0-9_]");
        }
        require(merchantSerialNumber, "merchantSerialNumber");
        if (!SERIAL.matcher(merchantSerialNumber).matches()) {
            throw new IllegalArgumentException("merchantSerialNumber must be the certificate serial number in hex");
        }
        requireKey(merchantPrivateKey, "merchantPrivateKey", "PRIVATE KEY");
        require(publicKeyId, "publicKeyId");
        if (!SERIAL.matcher(publicKeyId).matches()) {
            throw new IllegalArgumentException(
                    "publicKeyId must be the id of the WeChat Pay public key (PUB_KEY_ID_...)");
        }
        requireKey(publicKey, "publicKey", "PUBLIC KEY");
        require(apiV3Key, "apiV3Key");
        if (apiV3Key.length() != 32 || !StandardCharsets.US_ASCII.newEncoder().canEncode(apiV3Key)) {
            throw new IllegalArgumentException("apiV3Key must be the 32 ASCII characters set on the merchant platform");
        }
        baseUrl = baseUrl == null ? OFFICIAL_BASE_URL : baseUrl;
        if (!("https".equals(baseUrl.getScheme()) || "http".equals(baseUrl.getScheme())) || baseUrl.getHost() == null
                || !(baseUrl.getRawPath() == null || baseUrl.getRawPath().isEmpty() || "/".equals(baseUrl.getRawPath()))
                || baseUrl.getRawQuery() != null) {
            throw new IllegalArgumentException(
                    "baseUrl must be http(s)://host[:port] without a path (request signatures cover the path)");
        }
        if (notifyUrl != null && (!notifyUrl.isAbsolute() || notifyUrl.getHost() == null
                || !("https".equals(notifyUrl.getScheme()) || "http".equals(notifyUrl.getScheme())))) {
            throw new IllegalArgumentException("notifyUrl must be an absolute http(s) URL");
        }
        connectTimeout = positive(connectTimeout, Duration.ofSeconds(5), "connectTimeout");
        readTimeout = positive(readTimeout, Duration.ofSeconds(10), "readTimeout");
        notificationMaxAge = positive(notificationMaxAge, Duration.ofMinutes(5), "notificationMaxAge");
        clockSkew = positive(clockSkew, Duration.ofMinutes(1), "clockSkew");
    }

    /** A configuration with default base URL, time-outs and freshness limits. */
    public static WeChatPayConfig of(String merchantId, String appId, String merchantSerialNumber,
            String merchantPrivateKey, String publicKeyId, String publicKey, String apiV3Key, URI notifyUrl) {
        return new WeChatPayConfig(merchantId, appId, merchantSerialNumber, merchantPrivateKey, publicKeyId, publicKey,
                apiV3Key, null, notifyUrl, null, null, null, null);
    }

    /** The same configuration against another API host (a proxy, or a local fake in tests). */
    public WeChatPayConfig withBaseUrl(URI url) {
        return new WeChatPayConfig(merchantId, appId, merchantSerialNumber, merchantPrivateKey, publicKeyId, publicKey,
                apiV3Key, url, notifyUrl, connectTimeout, readTimeout, notificationMaxAge, clockSkew);
    }

    /** The same configuration with other time-outs. */
    public WeChatPayConfig withTimeouts(Duration connect, Duration read) {
        return new WeChatPayConfig(merchantId, appId, merchantSerialNumber, merchantPrivateKey, publicKeyId, publicKey,
                apiV3Key, baseUrl, notifyUrl, connect, read, notificationMaxAge, clockSkew);
    }

    /** The PEM text of a key value: itself when it is PEM, else the file it names. */
    static String pem(String value, String field) {
        if (isPem(value)) {
            return value;
        }
        try {
            return Files.readString(Path.of(value.strip()), StandardCharsets.US_ASCII);
        } catch (Exception e) {
            throw new IllegalArgumentException(
                    field + ": cannot read the key file " + value.strip() + " (" + e.getClass().getSimpleName() + ")",
                    e);
        }
    }

    private static boolean isPem(String value) {
        return value.contains("-----BEGIN");
    }

    private static void require(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
    }

    private static void requireKey(String value, String field, String kind) {
        require(value, field);
        String text = pem(value, field);
        if (!text.contains("-----BEGIN " + kind + "-----")) {
            throw new IllegalArgumentException(
                    field + " must be a PEM '" + kind + "' (PKCS#8 / X.509 SubjectPublicKeyInfo)"
                            + (isPem(value) ? "" : " in the file " + value.strip()));
        }
    }

    private static Duration positive(Duration value, Duration fallback, String field) {
        if (value == null) {
            return fallback;
        }
        if (value.isNegative() || value.isZero() || value.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(field + " must be positive and under 24 days, was " + value);
        }
        return value;
    }

    @Override
    public String toString() {
        return "WeChatPayConfig[merchantId=" + merchantId + ", appId=" + appId + ", merchantSerialNumber="
                + merchantSerialNumber + ", merchantPrivateKey=***, publicKeyId=" + publicKeyId + ", publicKey="
                + (isPem(publicKey) ? "(PEM)" : publicKey) + ", apiV3Key=***, baseUrl=" + baseUrl + ", notifyUrl="
                + notifyUrl + ", connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout
                + ", notificationMaxAge=" + notificationMaxAge + ", clockSkew=" + clockSkew + "]";
    }
}
