package org.shoptide.wechatpay;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * A local WeChat Pay API v3 for tests: the endpoints {@link WeChatPayProvider} calls, with the real protocol. It
 * verifies the merchant's {@code Authorization: WECHATPAY2-SHA256-RSA2048 ...} request signature (401
 * {@code SIGN_ERROR} otherwise), signs every response with its own platform key and sends the headers
 * {@code Wechatpay-Signature}, {@code Wechatpay-Timestamp}, {@code Wechatpay-Nonce}, {@code Wechatpay-Serial} and
 * {@code Request-ID} with their exact case (Jetty keeps names as written; the SDK reads them case-sensitively), keeps
 * payments and refunds with the real error codes for repeats, and sends notifications whose resource is encrypted with
 * AEAD_AES_256_GCM under the API v3 key. All key material is generated when the fake starts.
 */
final class FakeWeChatPay implements AutoCloseable {

    static final String MCHID = "1900000109";
    static final String APPID = "wxd678efh567hg6787";
    static final String MERCHANT_SERIAL = "5157F09EFDC096DE15EBE81A47057A7232F1B8E1";
    static final String PUBLIC_KEY_ID = "PUB_KEY_ID_0114232134912410000000000000";

    private static final Pattern AUTH = Pattern.compile("(\\w+)=\"([^\"]*)\"");
    private static final SecureRandom RANDOM = new SecureRandom();

    final KeyPair merchantKeys = rsa();
    final KeyPair platformKeys = rsa();
    final String apiV3Key = randomAlnum(32);

    private final Server server;
    private final HttpClient notifier = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, Payment> payments = new ConcurrentHashMap<>();
    private final Map<String, RefundRow> refunds = new ConcurrentHashMap<>();
    private final Map<String, Sent> lastNotification = new ConcurrentHashMap<>();
    private final AtomicInteger sequence = new AtomicInteger();
    private final AtomicInteger prepaysCreated = new AtomicInteger();
    private volatile Duration responseDelay = Duration.ZERO;
    private volatile Duration responseClockOffset = Duration.ZERO;

    /** One payment (a row of WeChat's order table). */
    static final class Payment {
        String appid;
        String description;
        String notifyUrl;
        String tradeType;
        String openid;
        long total;
        String currency;
        String prepayId;
        String state = "NOTPAY";
        String transactionId;
        String successTime;
        long refunded;
    }

    /** One refund. */
    static final class RefundRow {
        String outRefundNo;
        String outTradeNo;
        String refundId;
        long refund;
        long total;
        String status = "PROCESSING";
        String createTime;
        String successTime;
        String notifyUrl;
    }

    /** A notification as sent: where to, and its body. */
    record Sent(String url, String body) {
    }

    FakeWeChatPay() throws Exception {
        server = new Server(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                serve(request, response, callback);
                return true;
            }
        });
        server.start();
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort());
    }

    /** A provider configuration for this fake (PEM strings, short time-outs). */
    WeChatPayConfig config(URI notifyUrl) {
        return new WeChatPayConfig(MCHID, APPID, MERCHANT_SERIAL,
                pem("PRIVATE KEY", merchantKeys.getPrivate().getEncoded()), PUBLIC_KEY_ID,
                pem("PUBLIC KEY", platformKeys.getPublic().getEncoded()), apiV3Key, baseUrl(), notifyUrl,
                Duration.ofSeconds(2), Duration.ofSeconds(2), null, null);
    }

    /** Every later response is held back this long (after its effect is applied), to provoke client time-outs. */
    void delayResponses(Duration delay) {
        responseDelay = delay;
    }

    /** Later responses carry a {@code Wechatpay-Timestamp} this far off (a replayed or delayed answer). */
    void offsetResponseClock(Duration offset) {
        responseClockOffset = offset;
    }

    /** How many distinct payments the fake created. */
    int paymentCount() {
        return payments.size();
    }

    int prepaysCreated() {
        return prepaysCreated.get();
    }

    Payment payment(String outTradeNo) {
        return payments.get(outTradeNo);
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("stopping the fake WeChat Pay", e);
        } finally {
            notifier.close();
        }
    }

    // ---- the payer's and back office's side ----

    /** The payer pays the amount ordered; WeChat notifies. */
    void pay(String outTradeNo) {
        Payment p = require(outTradeNo);
        payAs(outTradeNo, p.total);
    }

    /** The payer pays and WeChat notifies {@code notifiedAmount} (a mismatch a merchant must catch). */
    void payAs(String outTradeNo, long notifiedAmount) {
        Payment p = require(outTradeNo);
        synchronized (p) {
            p.state = "SUCCESS";
            p.transactionId = "4200" + HexFormat.of().formatHex(bytes(12)).replaceAll("[a-f]", "7").substring(0, 24);
            p.successTime = now();
        }
        JsonObject t = transaction(outTradeNo, p);
        t.getAsJsonObject("amount").addProperty("total", notifiedAmount);
        t.getAsJsonObject("amount").addProperty("payer_total", notifiedAmount);
        deliver(outTradeNo, p.notifyUrl, envelope("TRANSACTION.SUCCESS", "transaction", t.toString()));
    }

    void fail(String outTradeNo) {
        Payment p = require(outTradeNo);
        synchronized (p) {
            p.state = "PAYERROR";
        }
    }

    void settleRefund(String outRefundNo) {
        RefundRow r = refunds.get(outRefundNo);
        if (r == null) {
            throw new IllegalStateException("no refund " + outRefundNo);
        }
        synchronized (r) {
            r.status = "SUCCESS";
            r.successTime = now();
        }
        Payment p = require(r.outTradeNo);
        synchronized (p) {
            p.state = "REFUND";
        }
        JsonObject n = new JsonObject();
        n.addProperty("mchid", MCHID);
        n.addProperty("out_trade_no", r.outTradeNo);
        n.addProperty("transaction_id", p.transactionId);
        n.addProperty("out_refund_no", r.outRefundNo);
        n.addProperty("refund_id", r.refundId);
        n.addProperty("refund_status", "SUCCESS");
        n.addProperty("success_time", r.successTime);
        n.addProperty("user_received_account", "支付用户零钱");
        JsonObject amount = new JsonObject();
        amount.addProperty("total", r.total);
        amount.addProperty("refund", r.refund);
        amount.addProperty("payer_total", r.total);
        amount.addProperty("payer_refund", r.refund);
        n.add("amount", amount);
        deliver(outRefundNo, r.notifyUrl == null ? p.notifyUrl : r.notifyUrl,
                envelope("REFUND.SUCCESS", "refund", n.toString()));
    }

    /** Sends the latest notification about this id again: same body and notification id, a fresh signature. */
    void redeliver(String id) {
        Sent s = lastNotification.get(id);
        if (s == null) {
            throw new IllegalStateException("nothing was sent about " + id);
        }
        post(s.url(), signedHeaders(s.body(), Instant.now(), platformKeys.getPrivate()), s.body());
    }

    /** A notification envelope about a payment, with {@code edit} applied to the plaintext transaction first. */
    String paymentNotificationBody(String outTradeNo, Consumer<JsonObject> edit) {
        JsonObject t = transaction(outTradeNo, require(outTradeNo));
        edit.accept(t);
        return envelope("TRANSACTION.SUCCESS", "transaction", t.toString());
    }

    /** Headers signing {@code body} as WeChat would, at {@code time}, with {@code key}. */
    Map<String, String> signedHeaders(String body, Instant time, PrivateKey key) {
        String ts = Long.toString(time.getEpochSecond());
        String nonce = randomAlnum(32);
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Wechatpay-Timestamp", ts);
        h.put("Wechatpay-Nonce", nonce);
        h.put("Wechatpay-Signature", sign(key, ts + "\n" + nonce + "\n" + body + "\n"));
        h.put("Wechatpay-Serial", PUBLIC_KEY_ID);
        h.put("Wechatpay-Signature-Type", "WECHATPAY2-SHA256-RSA2048");
        h.put("Request-ID", UUID.randomUUID().toString());
        return h;
    }

    // ---- the API ----

    private void serve(Request request, Response response, Callback callback) throws Exception {
        String body = Content.Source.asString(request, StandardCharsets.UTF_8);
        String path = request.getHttpURI().getPath();
        String query = request.getHttpURI().getQuery();
        String uri = query == null ? path : path + "?" + query;
        String method = request.getMethod();
        Answer answer;
        String refusal = verifyAuthorization(request.getHeaders().get(HttpHeader.AUTHORIZATION), method, uri, body);
        if (refusal != null) {
            answer = error(401, "SIGN_ERROR", refusal);
        } else {
            answer = route(method, path, query, body);
        }
        Duration delay = responseDelay;
        if (!delay.isZero()) {
            Thread.sleep(delay.toMillis());
        }
        String text = answer.body() == null ? "" : answer.body();
        response.setStatus(answer.status());
        signedHeaders(text, Instant.now().plus(responseClockOffset), platformKeys.getPrivate()).forEach((k, v) -> {
            if (!k.equals("Wechatpay-Signature-Type")) {
                response.getHeaders().put(k, v);
            }
        });
        if (text.isEmpty()) {
            callback.succeeded();
        } else {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
            Content.Sink.write(response, true, text, callback);
        }
    }

    private record Answer(int status, String body) {
    }

    private Answer route(String method, String path, String query, String body) {
        if (method.equals("POST") && path.equals("/v3/pay/transactions/native")) {
            return prepay(JsonParser.parseString(body).getAsJsonObject(), "NATIVE");
        }
        if (method.equals("POST") && path.equals("/v3/pay/transactions/jsapi")) {
            return prepay(JsonParser.parseString(body).getAsJsonObject(), "JSAPI");
        }
        Matcher m = Pattern.compile("/v3/pay/transactions/out-trade-no/([^/]+)(/close)?").matcher(path);
        if (m.matches()) {
            String no = m.group(1);
            if (m.group(2) != null && method.equals("POST")) {
                return closeOrder(no);
            }
            if (m.group(2) == null && method.equals("GET")) {
                if (query == null || !query.equals("mchid=" + MCHID)) {
                    return error(400, "PARAM_ERROR", "mchid missing or wrong");
                }
                Payment p = payments.get(no);
                return p == null ? error(404, "ORDER_NOT_EXIST", "订单不存在")
                        : new Answer(200, transaction(no, p).toString());
            }
        }
        if (method.equals("POST") && path.equals("/v3/refund/domestic/refunds")) {
            return refund(JsonParser.parseString(body).getAsJsonObject());
        }
        Matcher r = Pattern.compile("/v3/refund/domestic/refunds/([^/]+)").matcher(path);
        if (method.equals("GET") && r.matches()) {
            RefundRow row = refunds.get(r.group(1));
            return row == null ? error(404, "RESOURCE_NOT_EXISTS", "退款单不存在") : new Answer(200, refundJson(row));
        }
        return error(404, "NOT_FOUND", "no such endpoint " + method + " " + path);
    }

    private Answer prepay(JsonObject req, String tradeType) {
        if (!MCHID.equals(str(req, "mchid")) || !APPID.equals(str(req, "appid"))) {
            return error(400, "PARAM_ERROR", "appid and mchid do not match");
        }
        String no = str(req, "out_trade_no");
        JsonObject amount = req.getAsJsonObject("amount");
        long total = amount.get("total").getAsLong();
        String currency = amount.has("currency") ? amount.get("currency").getAsString() : "CNY";
        String openid = req.has("payer") ? req.getAsJsonObject("payer").get("openid").getAsString() : null;
        if (no == null || str(req, "description") == null || str(req, "notify_url") == null || total <= 0) {
            return error(400, "PARAM_ERROR", "out_trade_no, description, notify_url and amount.total are required");
        }
        if (tradeType.equals("JSAPI") && openid == null) {
            return error(400, "PARAM_ERROR", "payer.openid is required for JSAPI");
        }
        Payment fresh = new Payment();
        fresh.appid = APPID;
        fresh.description = str(req, "description");
        fresh.notifyUrl = str(req, "notify_url");
        fresh.tradeType = tradeType;
        fresh.openid = openid;
        fresh.total = total;
        fresh.currency = currency;
        fresh.prepayId = "wx" + HexFormat.of().formatHex(bytes(14));
        Payment p = payments.computeIfAbsent(no, k -> {
            prepaysCreated.incrementAndGet();
            return fresh;
        });
        synchronized (p) {
            if (p != fresh && (p.total != total || !p.description.equals(fresh.description)
                    || !p.tradeType.equals(tradeType))) {
                return error(403, "OUT_TRADE_NO_USED", "商户订单号重复");
            }
            switch (p.state) {
                case "SUCCESS", "REFUND" -> {
                    return error(400, "ORDERPAID", "该订单已支付");
                }
                case "CLOSED" -> {
                    return error(400, "ORDER_CLOSED", "订单已关闭");
                }
                default -> {
                }
            }
        }
        JsonObject out = new JsonObject();
        if (tradeType.equals("NATIVE")) {
            out.addProperty("code_url", "weixin://wxpay/bizpayurl?pr=" + p.prepayId.substring(2, 12));
        } else {
            out.addProperty("prepay_id", p.prepayId);
        }
        return new Answer(200, out.toString());
    }

    private Answer closeOrder(String no) {
        Payment p = payments.get(no);
        if (p == null) {
            return error(404, "ORDER_NOT_EXIST", "订单不存在");
        }
        synchronized (p) {
            if (p.state.equals("SUCCESS") || p.state.equals("REFUND")) {
                return error(400, "ORDERPAID", "该订单已支付");
            }
            p.state = "CLOSED";
        }
        return new Answer(204, null);
    }

    private Answer refund(JsonObject req) {
        String no = str(req, "out_trade_no");
        String refundNo = str(req, "out_refund_no");
        JsonObject amount = req.getAsJsonObject("amount");
        long refund = amount.get("refund").getAsLong();
        long total = amount.get("total").getAsLong();
        Payment p = no == null ? null : payments.get(no);
        if (p == null) {
            return error(404, "RESOURCE_NOT_EXISTS", "订单不存在");
        }
        synchronized (p) {
            RefundRow existing = refunds.get(refundNo);
            if (existing != null) {
                return existing.outTradeNo.equals(no) ? new Answer(200, refundJson(existing))
                        : error(400, "INVALID_REQUEST", "退款单号已被使用");
            }
            if (!(p.state.equals("SUCCESS") || p.state.equals("REFUND"))) {
                return error(400, "INVALID_REQUEST", "订单未支付");
            }
            if (total != p.total) {
                return error(400, "INVALID_REQUEST", "订单金额与实际支付金额不一致");
            }
            if (refund <= 0 || p.refunded + refund > p.total) {
                return error(400, "INVALID_REQUEST", "申请退款金额超过订单可退金额");
            }
            RefundRow row = new RefundRow();
            row.outRefundNo = refundNo;
            row.outTradeNo = no;
            row.refundId = "5030" + sequence.incrementAndGet()
                    + HexFormat.of().formatHex(bytes(6)).replaceAll("[a-f]", "1");
            row.refund = refund;
            row.total = total;
            row.createTime = now();
            row.notifyUrl = str(req, "notify_url");
            p.refunded += refund;
            refunds.put(refundNo, row);
            return new Answer(200, refundJson(row));
        }
    }

    private JsonObject transaction(String no, Payment p) {
        JsonObject t = new JsonObject();
        synchronized (p) {
            t.addProperty("appid", p.appid);
            t.addProperty("mchid", MCHID);
            t.addProperty("out_trade_no", no);
            t.addProperty("trade_type", p.tradeType);
            t.addProperty("trade_state", p.state);
            t.addProperty("trade_state_desc", p.state);
            if (p.transactionId != null) {
                t.addProperty("transaction_id", p.transactionId);
                t.addProperty("success_time", p.successTime);
                t.addProperty("bank_type", "OTHERS");
            }
            JsonObject amount = new JsonObject();
            amount.addProperty("total", p.total);
            amount.addProperty("currency", p.currency);
            if (p.transactionId != null) {
                amount.addProperty("payer_total", p.total);
                amount.addProperty("payer_currency", p.currency);
            }
            t.add("amount", amount);
            if (p.openid != null) {
                JsonObject payer = new JsonObject();
                payer.addProperty("openid", p.openid);
                t.add("payer", payer);
            }
        }
        return t;
    }

    private static String refundJson(RefundRow r) {
        JsonObject o = new JsonObject();
        synchronized (r) {
            o.addProperty("refund_id", r.refundId);
            o.addProperty("out_refund_no", r.outRefundNo);
            o.addProperty("out_trade_no", r.outTradeNo);
            o.addProperty("channel", "ORIGINAL");
            o.addProperty("user_received_account", "支付用户零钱");
            o.addProperty("create_time", r.createTime);
            o.addProperty("status", r.status);
            if (r.successTime != null) {
                o.addProperty("success_time", r.successTime);
            }
            JsonObject amount = new JsonObject();
            amount.addProperty("total", r.total);
            amount.addProperty("refund", r.refund);
            amount.addProperty("payer_total", r.total);
            amount.addProperty("payer_refund", r.refund);
            amount.addProperty("currency", "CNY");
            o.add("amount", amount);
        }
        return o.toString();
    }

    private String verifyAuthorization(String header, String method, String uri, String body) {
        String scheme = "WECHATPAY2-SHA256-RSA2048 ";
        if (header == null || !header.startsWith(scheme)) {
            return "Authorization is missing or not WECHATPAY2-SHA256-RSA2048";
        }
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher m = AUTH.matcher(header.substring(scheme.length()));
        while (m.find()) {
            fields.put(m.group(1), m.group(2));
        }
        if (!MCHID.equals(fields.get("mchid")) || !MERCHANT_SERIAL.equals(fields.get("serial_no"))) {
            return "mchid or serial_no unknown";
        }
        String ts = fields.get("timestamp");
        if (ts == null || Math.abs(Instant.now().getEpochSecond() - Long.parseLong(ts)) > 300) {
            return "timestamp missing or expired";
        }
        String message = method + "\n" + uri + "\n" + ts + "\n" + fields.get("nonce_str") + "\n" + body + "\n";
        try {
            Signature v = Signature.getInstance("SHA256withRSA");
            v.initVerify(merchantKeys.getPublic());
            v.update(message.getBytes(StandardCharsets.UTF_8));
            return v.verify(Base64.getDecoder().decode(fields.getOrDefault("signature", ""))) ? null
                    : "signature does not verify";
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return "signature unreadable";
        }
    }

    private static Answer error(int status, String code, String message) {
        JsonObject o = new JsonObject();
        o.addProperty("code", code);
        o.addProperty("message", message);
        return new Answer(status, o.toString());
    }

    // ---- notifications ----

    private String envelope(String eventType, String originalType, String plaintext) {
        byte[] nonce = randomAlnum(12).getBytes(StandardCharsets.US_ASCII);
        String aad = originalType;
        JsonObject resource = new JsonObject();
        resource.addProperty("original_type", originalType);
        resource.addProperty("algorithm", "AEAD_AES_256_GCM");
        resource.addProperty("ciphertext", encrypt(plaintext, nonce, aad));
        resource.addProperty("associated_data", aad);
        resource.addProperty("nonce", new String(nonce, StandardCharsets.US_ASCII));
        JsonObject e = new JsonObject();
        e.addProperty("id", UUID.randomUUID().toString());
        e.addProperty("create_time", now());
        e.addProperty("resource_type", "encrypt-resource");
        e.addProperty("event_type", eventType);
        e.addProperty("summary", eventType.startsWith("REFUND") ? "退款成功" : "支付成功");
        e.add("resource", resource);
        return e.toString();
    }

    String encrypt(String plaintext, byte[] nonce, String aad) {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(apiV3Key.getBytes(StandardCharsets.US_ASCII), "AES"),
                    new GCMParameterSpec(128, nonce));
            c.updateAAD(aad.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private void deliver(String id, String url, String body) {
        lastNotification.put(id, new Sent(url, body));
        post(url, signedHeaders(body, Instant.now(), platformKeys.getPrivate()), body);
    }

    void post(String url, Map<String, String> headers, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .header("Content-Type", "application/json");
        headers.forEach(b::header);
        try {
            HttpResponse<Void> r = notifier.send(b.build(), HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() / 100 != 2) {
                throw new IllegalStateException("notify_url answered " + r.statusCode());
            }
        } catch (IOException e) {
            throw new IllegalStateException("notify_url unreachable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ---- helpers ----

    private Payment require(String outTradeNo) {
        Payment p = payments.get(outTradeNo);
        if (p == null) {
            throw new IllegalStateException("no payment " + outTradeNo);
        }
        return p;
    }

    private static String str(JsonObject o, String field) {
        return o.has(field) && !o.get(field).isJsonNull() ? o.get(field).getAsString() : null;
    }

    static String now() {
        return OffsetDateTime.now(ZoneOffset.ofHours(8)).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static String sign(PrivateKey key, String message) {
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(key);
            s.update(message.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean verify(PublicKey key, String message, String signature) throws GeneralSecurityException {
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initVerify(key);
        s.update(message.getBytes(StandardCharsets.UTF_8));
        return s.verify(Base64.getDecoder().decode(signature));
    }

    static KeyPair rsa() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private static String randomAlnum(int n) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
