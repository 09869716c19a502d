package org.shoptide.wechatpay;

import com.wechat.pay.java.core.RSAPublicKeyConfig;
import com.wechat.pay.java.core.exception.ServiceException;
import com.wechat.pay.java.core.http.DefaultHttpClientBuilder;
import com.wechat.pay.java.core.http.HttpClient;
import com.wechat.pay.java.core.util.PemUtil;
import com.wechat.pay.java.service.payments.jsapi.JsapiServiceExtension;
import com.wechat.pay.java.service.payments.model.Transaction;
import com.wechat.pay.java.service.payments.model.TransactionAmount;
import com.wechat.pay.java.service.payments.nativepay.NativePayService;
import com.wechat.pay.java.service.payments.nativepay.model.CloseOrderRequest;
import com.wechat.pay.java.service.payments.nativepay.model.QueryOrderByOutTradeNoRequest;
import com.wechat.pay.java.service.refund.RefundService;
import com.wechat.pay.java.service.refund.model.AmountReq;
import com.wechat.pay.java.service.refund.model.CreateRequest;
import com.wechat.pay.java.service.refund.model.QueryByOutRefundNoRequest;
import com.wechat.pay.java.service.refund.model.Refund;
import java.io.IOException;
import java.net.URI;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import org.shoptide.core.port.PaymentProvider;

/**
 * WeChat Pay API v3 behind {@link PaymentProvider}, through the official {@code wechatpay-java} SDK in public-key mode
 * ({@link RSAPublicKeyConfig}): the SDK signs every request ({@code Authorization: WECHATPAY2-SHA256-RSA2048 ...}),
 * verifies every response's signature and freshness, builds the signed JSAPI client parameters
 * ({@link JsapiServiceExtension}) and verifies and decrypts notifications ({@link WeChatPayNotifications}).
 * <p>
 * {@code paymentId} is WeChat's {@code out_trade_no} and {@code refundId} its {@code out_refund_no}, which WeChat Pay
 * itself keeps idempotent: a repeated prepay with the same parameters returns the same prepay, a repeated refund the
 * same refund. Channels: {@link Channel#NATIVE} (code_url for a QR code) and {@link Channel#JSAPI} (official accounts
 * and mini programs, needs the payer's openid). Amounts are fen ({@code CNY} only). Errors are mapped by
 * {@link WeChatPayErrors}. The SDK's services have fixed hosts, so a non-default {@link WeChatPayConfig#baseUrl()} is
 * applied by an OkHttp interceptor that rewrites scheme, host and port (the request signature covers only the path).
 */
public final class WeChatPayProvider implements PaymentProvider {

    private static final Pattern OUT_NO = Pattern.compile("[A-Za-z0-9_\\-|*]{6,32}");
    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
    private static final ZoneOffset BEIJING = ZoneOffset.ofHours(8);

    private final WeChatPayConfig config;
    private final NativePayService nativePay;
    private final JsapiServiceExtension jsapi;
    private final RefundService refunds;
    private final WeChatPayNotifications notifications;

    /** A provider on the system clock. */
    public WeChatPayProvider(WeChatPayConfig config) {
        this(config, Clock.systemUTC());
    }

    /**
     * A provider whose notification freshness checks use {@code clock}.
     *
     * @throws IllegalArgumentException
     *             when a key cannot be read or parsed (the message names the field)
     */
    public WeChatPayProvider(WeChatPayConfig config, Clock clock) {
        this.config = config;
        PrivateKey privateKey = key("merchantPrivateKey", () -> PemUtil
                .loadPrivateKeyFromString(WeChatPayConfig.pem(config.merchantPrivateKey(), "merchantPrivateKey")));
        PublicKey publicKey = key("publicKey",
                () -> PemUtil.loadPublicKeyFromString(WeChatPayConfig.pem(config.publicKey(), "publicKey")));
        RSAPublicKeyConfig sdk = new RSAPublicKeyConfig.Builder().merchantId(config.merchantId()).privateKey(privateKey)
                .merchantSerialNumber(config.merchantSerialNumber()).publicKey(publicKey)
                .publicKeyId(config.publicKeyId()).apiV3Key(config.apiV3Key()).build();
        OkHttpClient.Builder ok = new OkHttpClient.Builder()
                .connectTimeout(config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(config.readTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .writeTimeout(config.readTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .callTimeout(config.connectTimeout().plus(config.readTimeout()).toMillis(), TimeUnit.MILLISECONDS);
        if (!config.baseUrl().equals(WeChatPayConfig.OFFICIAL_BASE_URL)) {
            ok.addInterceptor(new BaseUrl(config.baseUrl()));
        }
        // No silent retries inside the client: a repeated call is the caller's decision, with the same id.
        HttpClient http = new DefaultHttpClientBuilder().config(sdk).okHttpClient(ok.build())
                .disableRetryOnConnectionFailure().build();
        this.nativePay = new NativePayService.Builder().httpClient(http).build();
        this.jsapi = new JsapiServiceExtension.Builder().config(sdk).httpClient(http).build();
        this.refunds = new RefundService.Builder().httpClient(http).build();
        this.notifications = new WeChatPayNotifications(sdk, config, clock);
    }

    @Override
    public String name() {
        return "wechatpay";
    }

    @Override
    public Prepay prepay(PrepayRequest request) {
        String id = outNo(request.paymentId(), "paymentId");
        requireCny(request.currency());
        if (request.amountMinor() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("amountMinor " + request.amountMinor() + " exceeds WeChat Pay's limit");
        }
        int total = (int) request.amountMinor();
        String description = description(request.description(), id);
        String notifyUrl = notifyUrl(request.notifyUrl());
        String expire = request.expiresAt() == null ? null
                : RFC3339
                        .format(OffsetDateTime.ofInstant(request.expiresAt().truncatedTo(ChronoUnit.SECONDS), BEIJING));
        if (request.channel() == Channel.PAGE) {
            throw new IllegalArgumentException("WeChat Pay has no hosted payment page here; use NATIVE or JSAPI");
        }
        if (request.channel() == Channel.JSAPI && (request.payerId() == null || request.payerId().isBlank())) {
            throw new IllegalArgumentException("JSAPI payments need the payer's openid as payerId");
        }
        Order order = new Order(id, description, total, expire, notifyUrl);
        try {
            return switch (request.channel()) {
                case NATIVE -> NativeChannel.prepay(nativePay, config, order);
                case JSAPI -> JsapiChannel.prepay(jsapi, config, order, request.payerId());
                case PAGE -> throw new IllegalStateException("checked above");
            };
        } catch (RuntimeException e) {
            // includes the SDK's IllegalArgumentException for an answer whose timestamp is stale: outcome unknown
            throw WeChatPayErrors.map("prepay", id, e);
        }
    }

    @Override
    public PaymentStatus query(String paymentId) {
        String id = outNo(paymentId, "paymentId");
        Transaction t;
        try {
            QueryOrderByOutTradeNoRequest q = new QueryOrderByOutTradeNoRequest();
            q.setMchid(config.merchantId());
            q.setOutTradeNo(id);
            t = nativePay.queryOrderByOutTradeNo(q);
        } catch (ServiceException e) {
            if (WeChatPayErrors.notFound(e)) {
                return new PaymentStatus(id, PaymentState.NOT_FOUND, null, 0, "CNY", null);
            }
            throw WeChatPayErrors.map("query", id, e);
        } catch (RuntimeException e) {
            throw WeChatPayErrors.map("query", id, e);
        }
        if (t.getTradeState() == null) {
            throw new PaymentException("query " + id + ": WeChat Pay answered without trade_state", true, null);
        }
        PaymentState state = switch (t.getTradeState()) {
            case SUCCESS -> PaymentState.PAID;
            case REFUND -> PaymentState.REFUNDED;
            case NOTPAY, USERPAYING, ACCEPT -> PaymentState.PENDING;
            case CLOSED, REVOKED -> PaymentState.CLOSED;
            case PAYERROR -> PaymentState.FAILED;
        };
        TransactionAmount amount = t.getAmount();
        boolean paid = state == PaymentState.PAID || state == PaymentState.REFUNDED;
        return new PaymentStatus(id, state, paid ? t.getTransactionId() : null,
                amount == null || amount.getTotal() == null ? 0 : amount.getTotal(),
                amount == null || amount.getCurrency() == null ? "CNY" : amount.getCurrency(),
                paid ? time(t.getSuccessTime()) : null);
    }

    @Override
    public void close(String paymentId) {
        String id = outNo(paymentId, "paymentId");
        try {
            CloseOrderRequest r = new CloseOrderRequest();
            r.setMchid(config.merchantId());
            r.setOutTradeNo(id);
            nativePay.closeOrder(r);
        } catch (RuntimeException e) {
            throw WeChatPayErrors.map("close", id, e);
        }
    }

    @Override
    public RefundStatus refund(RefundRequest request) {
        String id = outNo(request.refundId(), "refundId");
        String paymentId = outNo(request.paymentId(), "paymentId");
        requireCny(request.currency());
        CreateRequest r = new CreateRequest();
        r.setOutTradeNo(paymentId);
        r.setOutRefundNo(id);
        if (request.reason() != null && !request.reason().isBlank()) {
            r.setReason(truncate(request.reason(), 80));
        }
        if (config.notifyUrl() != null) {
            r.setNotifyUrl(config.notifyUrl().toString());
        }
        AmountReq amount = new AmountReq();
        amount.setRefund(request.refundMinor());
        amount.setTotal(request.totalMinor());
        amount.setCurrency("CNY");
        r.setAmount(amount);
        try {
            return refundStatus(refunds.create(r));
        } catch (RuntimeException e) {
            throw WeChatPayErrors.map("refund", id, e);
        }
    }

    @Override
    public RefundStatus queryRefund(String refundId) {
        String id = outNo(refundId, "refundId");
        try {
            QueryByOutRefundNoRequest q = new QueryByOutRefundNoRequest();
            q.setOutRefundNo(id);
            return refundStatus(refunds.queryByOutRefundNo(q));
        } catch (ServiceException e) {
            if (WeChatPayErrors.notFound(e)) {
                return new RefundStatus(id, null, RefundState.NOT_FOUND, 0, null);
            }
            throw WeChatPayErrors.map("query refund", id, e);
        } catch (RuntimeException e) {
            throw WeChatPayErrors.map("query refund", id, e);
        }
    }

    @Override
    public Notification parseNotification(Map<String, String> headers, byte[] body) {
        return notifications.parse(headers, body);
    }

    private static RefundStatus refundStatus(Refund r) {
        RefundState state = r.getStatus() == null ? RefundState.PROCESSING : switch (r.getStatus()) {
            case SUCCESS -> RefundState.SUCCEEDED;
            case PROCESSING -> RefundState.PROCESSING;
            case CLOSED, ABNORMAL -> RefundState.FAILED;
        };
        long amount = r.getAmount() == null || r.getAmount().getRefund() == null ? 0 : r.getAmount().getRefund();
        return new RefundStatus(r.getOutRefundNo(), r.getOutTradeNo(), state, amount,
                state == RefundState.SUCCEEDED ? time(r.getSuccessTime()) : null);
    }

    private String notifyUrl(String fromRequest) {
        if (fromRequest != null && !fromRequest.isBlank()) {
            return fromRequest;
        }
        if (config.notifyUrl() == null) {
            throw new IllegalArgumentException("no notifyUrl in the request and none configured");
        }
        return config.notifyUrl().toString();
    }

    private static Instant time(String rfc3339) {
        return rfc3339 == null || rfc3339.isBlank() ? null : OffsetDateTime.parse(rfc3339).toInstant();
    }

    private static String outNo(String value, String field) {
        if (value == null || !OUT_NO.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " must be 6 to 32 characters of [A-Za-z0-9_-|*] for WeChat Pay");
        }
        return value;
    }

    private static void requireCny(String currency) {
        if (!"CNY".equals(currency)) {
            throw new IllegalArgumentException("WeChat Pay (mainland) charges CNY only, not " + currency);
        }
    }

    private static String description(String description, String id) {
        return truncate(description == null || description.isBlank() ? "Order " + id : description.strip(), 127);
    }

    private static String truncate(String s, int maxCodePoints) {
        return s.codePointCount(0, s.length()) <= maxCodePoints ? s
                : s.substring(0, s.offsetByCodePoints(0, maxCodePoints));
    }

    private static <K> K key(String field, Supplier<K> load) {
        try {
            return load.get();
        } catch (IllegalArgumentException e) {
            throw e.getMessage() != null && e.getMessage().startsWith(field) ? e
                    : new IllegalArgumentException(field + ": not a valid RSA key in PEM form", e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(field + ": not a valid RSA key in PEM form", e);
        }
    }

    /** The channel-independent fields of a prepay, already checked. */
    record Order(String outTradeNo, String description, int total, String timeExpire, String notifyUrl) {
    }

    /** Sends the SDK's requests (made for the official host) to the configured base URL instead. */
    private static final class BaseUrl implements Interceptor {
        private final HttpUrl target;

        BaseUrl(URI baseUrl) {
            this.target = HttpUrl.get(baseUrl.toString());
        }

        @Override
        public Response intercept(Chain chain) throws IOException {
            HttpUrl url = chain.request().url().newBuilder().scheme(target.scheme()).host(target.host())
                    .port(target.port()).build();
            return chain.proceed(chain.request().newBuilder().url(url).build());
        }
    }
}
