package org.shoptide.wechatpay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.shoptide.core.port.PaymentProvider.Channel;
import org.shoptide.core.port.PaymentProvider.Notification;
import org.shoptide.core.port.PaymentProvider.NotificationRejected;
import org.shoptide.core.port.PaymentProvider.PaymentException;
import org.shoptide.core.port.PaymentProvider.PaymentState;
import org.shoptide.core.port.PaymentProvider.Prepay;
import org.shoptide.core.port.PaymentProvider.PrepayRequest;
import org.shoptide.testing.fake.MutableClock;

/**
 * WeChat-specific behaviour beyond the port's contract: the attacks a notify URL sees (forged, replayed, stale, wrong
 * amount, wrong merchant or app, tampered ciphertext), time-outs, request signatures, and the JSAPI client signature.
 */
class WeChatPayProviderTest {

    private FakeWeChatPay fake;
    private HttpServer notifyServer;
    private final BlockingQueue<Map<String, String>> headers = new LinkedBlockingQueue<>();
    private final BlockingQueue<byte[]> bodies = new LinkedBlockingQueue<>();
    private final MutableClock clock = new MutableClock(Instant.now());
    private WeChatPayProvider provider;

    @BeforeEach
    void start() throws Exception {
        fake = new FakeWeChatPay();
        notifyServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        notifyServer.createContext("/wx", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                Map<String, String> h = new LinkedHashMap<>();
                exchange.getRequestHeaders().forEach((k, v) -> h.put(k, v.get(0)));
                bodies.add(in.readAllBytes());
                headers.add(h);
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        notifyServer.start();
        provider = new WeChatPayProvider(fake.config(notifyUri()), clock);
    }

    @AfterEach
    void stop() {
        notifyServer.stop(0);
        fake.close();
    }

    private URI notifyUri() {
        return URI.create("http://127.0.0.1:" + notifyServer.getAddress().getPort() + "/wx");
    }

    private static String newId() {
        return "wx" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    }

    private PrepayRequest native_(String id, long amount) {
        return new PrepayRequest(id, "测试商品 Test item", amount, "CNY", Channel.NATIVE, null,
                Instant.now().plusSeconds(1800), null);
    }

    private Map<String, String> nextHeaders() throws InterruptedException {
        Map<String, String> h = headers.poll(10, TimeUnit.SECONDS);
        assertThat(h).as("a notification").isNotNull();
        return h;
    }

    private byte[] nextBody() throws InterruptedException {
        return bodies.poll(1, TimeUnit.SECONDS);
    }

    @Test
    void aNotificationSignedWithAnotherKeyIsRejectedAsABadSignature() throws Exception {
        String id = newId();
        provider.prepay(native_(id, 1999));
        fake.pay(id);
        nextHeaders();
        String body = new String(nextBody(), StandardCharsets.UTF_8);
        Map<String, String> forged = fake.signedHeaders(body, Instant.now(), FakeWeChatPay.rsa().getPrivate());
        assertThatThrownBy(() -> provider.parseNotification(forged, body.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(NotificationRejected.class).hasMessageContaining("signature does not verify");
        Map<String, String> otherSerial = new LinkedHashMap<>(
                fake.signedHeaders(body, Instant.now(), fake.platformKeys.getPrivate()));
        otherSerial.put("Wechatpay-Serial", "PUB_KEY_ID_SOMEONE_ELSE");
        assertThatThrownBy(() -> provider.parseNotification(otherSerial, body.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(NotificationRejected.class)
                .hasMessageContaining("not the configured WeChat Pay public key id");
    }

    @Test
    void aReplayedNotificationKeepsItsIdSoTheInboxDropsIt() throws Exception {
        String id = newId();
        provider.prepay(native_(id, 4200));
        fake.pay(id);
        Notification first = provider.parseNotification(nextHeaders(), nextBody());
        fake.redeliver(id);
        Map<String, String> h = nextHeaders();
        Notification again = provider.parseNotification(h, nextBody());
        assertThat(again.notificationId()).isEqualTo(first.notificationId());
        assertThat(again.payment()).isEqualTo(first.payment());
        assertThat(h.entrySet()).as("a fresh signature on the redelivery").isNotEmpty();
    }

    @Test
    void aStaleOrFutureNotificationIsRejectedWithItsAge() throws Exception {
        String id = newId();
        provider.prepay(native_(id, 300));
        fake.pay(id);
        nextHeaders();
        String body = new String(nextBody(), StandardCharsets.UTF_8);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        Map<String, String> old = fake.signedHeaders(body, Instant.now().minus(Duration.ofMinutes(6)),
                fake.platformKeys.getPrivate());
        assertThatThrownBy(() -> provider.parseNotification(old, bytes)).isInstanceOf(NotificationRejected.class)
                .hasMessageContaining("stale notification").hasMessageContaining("more than the allowed 300 s");
        Map<String, String> future = fake.signedHeaders(body, Instant.now().plus(Duration.ofMinutes(3)),
                fake.platformKeys.getPrivate());
        assertThatThrownBy(() -> provider.parseNotification(future, bytes)).isInstanceOf(NotificationRejected.class)
                .hasMessageContaining("in the future");
        Map<String, String> fresh = fake.signedHeaders(body, Instant.now().minus(Duration.ofMinutes(4)),
                fake.platformKeys.getPrivate());
        assertThat(provider.parseNotification(fresh, bytes).payment().amountMinor()).isEqualTo(300);
    }

    @Test
    void aNotifiedAmountOtherThanOrderedIsReportedExactlySoTheCallerCanRefuseIt() throws Exception {
        String id = newId();
        long ordered = 10_000L + ThreadLocalRandom.current().nextInt(90_000);
        long notified = ordered - 1L - ThreadLocalRandom.current().nextInt(9_000);
        provider.prepay(native_(id, ordered));
        fake.payAs(id, notified);
        Notification n = provider.parseNotification(nextHeaders(), nextBody());
        assertThat(n.payment().amountMinor()).isEqualTo(notified).isNotEqualTo(ordered);
        assertThat(provider.query(id).amountMinor()).isEqualTo(ordered);
    }

    @Test
    void notificationsForAnotherMerchantOrAppOrWithBadAmountsAreRejected() throws Exception {
        String id = newId();
        provider.prepay(native_(id, 500));
        assertRejected(fake.paymentNotificationBody(id, t -> t.addProperty("mchid", "1230000109")),
                "not for the configured merchant");
        assertRejected(fake.paymentNotificationBody(id, t -> t.addProperty("appid", "wx0000000000000000")),
                "not for the configured app");
        assertRejected(fake.paymentNotificationBody(id, t -> {
            t.addProperty("trade_state", "SUCCESS");
            t.addProperty("transaction_id", "4200000000000000000000000001");
            t.addProperty("success_time", FakeWeChatPay.now());
            t.getAsJsonObject("amount").addProperty("total", -5);
        }), "non-negative integer");
        assertRejected(fake.paymentNotificationBody(id, t -> {
            t.addProperty("trade_state", "SUCCESS");
            t.addProperty("transaction_id", "4200000000000000000000000001");
            t.addProperty("success_time", FakeWeChatPay.now());
            t.getAsJsonObject("amount").addProperty("total", 5.5);
        }), "non-negative integer");
        assertRejected(fake.paymentNotificationBody(id, t -> {
            t.addProperty("trade_state", "SUCCESS");
            t.addProperty("transaction_id", "4200000000000000000000000001");
            t.addProperty("success_time", FakeWeChatPay.now());
            t.getAsJsonObject("amount").addProperty("currency", "USD");
        }), "not CNY");
    }

    @Test
    void aTamperedCiphertextIsRejectedEvenWhenTheSignatureIsValid() throws Exception {
        String id = newId();
        provider.prepay(native_(id, 700));
        String body = fake.paymentNotificationBody(id, t -> t.addProperty("trade_state", "SUCCESS"));
        JsonObject envelope = JsonParser.parseString(body).getAsJsonObject();
        JsonObject resource = envelope.getAsJsonObject("resource");
        String ciphertext = resource.get("ciphertext").getAsString();
        char c = ciphertext.charAt(4);
        resource.addProperty("ciphertext",
                ciphertext.substring(0, 4) + (c == 'A' ? 'B' : 'A') + ciphertext.substring(5));
        assertRejected(envelope.toString(), "does not decrypt");
        resource.addProperty("ciphertext", ciphertext);
        resource.addProperty("associated_data", "refund");
        assertRejected(envelope.toString(), "does not decrypt");
    }

    @Test
    void aTimeOutIsRetryableAndTheRetryDoesNotCreateASecondPayment() {
        String id = newId();
        fake.delayResponses(Duration.ofSeconds(3));
        assertThatThrownBy(() -> provider.prepay(native_(id, 880))).isInstanceOfSatisfying(PaymentException.class,
                e -> {
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.getMessage()).contains("outcome is unknown");
                });
        assertThat(fake.paymentCount()).as("the first call reached WeChat").isEqualTo(1);
        fake.delayResponses(Duration.ZERO);
        Prepay retry = provider.prepay(native_(id, 880));
        assertThat(retry.codeUrl()).isNotBlank();
        assertThat(fake.paymentCount()).isEqualTo(1);
        assertThat(fake.prepaysCreated()).isEqualTo(1);
        assertThat(provider.query(id).amountMinor()).isEqualTo(880);
    }

    @Test
    void anAnswerWithAStaleTimestampIsNotTrustedAndTheRetryFindsTheSamePayment() {
        String id = newId();
        fake.offsetResponseClock(Duration.ofMinutes(-10));
        assertThatThrownBy(() -> provider.prepay(native_(id, 640))).isInstanceOfSatisfying(PaymentException.class,
                e -> assertThat(e.retryable()).isTrue());
        fake.offsetResponseClock(Duration.ZERO);
        assertThat(provider.prepay(native_(id, 640)).codeUrl()).isNotBlank();
        assertThat(fake.prepaysCreated()).isEqualTo(1);
    }

    @Test
    void theSamePaymentIdWithAnotherAmountIsADefiniteRefusal() {
        String id = newId();
        provider.prepay(native_(id, 100));
        assertThatThrownBy(() -> provider.prepay(native_(id, 101))).isInstanceOfSatisfying(PaymentException.class,
                e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("OUT_TRADE_NO_USED");
                });
        provider.close(id);
        assertThatThrownBy(() -> provider.prepay(native_(id, 100))).isInstanceOfSatisfying(PaymentException.class,
                e -> assertThat(e.getMessage()).contains("ORDER_CLOSED"));
    }

    @Test
    void requestsSignedWithAnotherMerchantKeyAreRefusedWithSignError() {
        WeChatPayConfig good = fake.config(notifyUri());
        WeChatPayConfig wrongKey = new WeChatPayConfig(good.merchantId(), good.appId(), good.merchantSerialNumber(),
                FakeWeChatPay.pem("PRIVATE KEY", FakeWeChatPay.rsa().getPrivate().getEncoded()), good.publicKeyId(),
                good.publicKey(), good.apiV3Key(), good.baseUrl(), good.notifyUrl(), null, null, null, null);
        WeChatPayProvider impostor = new WeChatPayProvider(wrongKey, clock);
        assertThatThrownBy(() -> impostor.prepay(native_(newId(), 100))).isInstanceOfSatisfying(PaymentException.class,
                e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("401").contains("SIGN_ERROR");
                });
        assertThat(fake.paymentCount()).isZero();
    }

    @Test
    void responsesNotSignedByWeChatPayAreNotTrusted() {
        WeChatPayConfig good = fake.config(notifyUri());
        WeChatPayConfig otherPlatformKey = new WeChatPayConfig(good.merchantId(), good.appId(),
                good.merchantSerialNumber(), good.merchantPrivateKey(), good.publicKeyId(),
                FakeWeChatPay.pem("PUBLIC KEY", FakeWeChatPay.rsa().getPublic().getEncoded()), good.apiV3Key(),
                good.baseUrl(), good.notifyUrl(), null, null, null, null);
        WeChatPayProvider misled = new WeChatPayProvider(otherPlatformKey, clock);
        String known = newId();
        provider.prepay(native_(known, 100));
        assertThatThrownBy(() -> misled.query(known)).isInstanceOfSatisfying(PaymentException.class,
                e -> assertThat(e.getMessage()).contains("could not be verified"));
        String id = newId();
        assertThatThrownBy(() -> misled.prepay(native_(id, 100))).isInstanceOfSatisfying(PaymentException.class,
                e -> assertThat(e.retryable()).as("the call may have happened").isTrue());
    }

    @Test
    void jsapiClientParametersAreSignedWithTheMerchantKey() throws Exception {
        String id = newId();
        Prepay p = provider.prepay(new PrepayRequest(id, "JSAPI item", 1234, "CNY", Channel.JSAPI,
                "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o", null, notifyUri().toString()));
        Map<String, String> c = p.clientParams();
        assertThat(c.get("appId")).isEqualTo(FakeWeChatPay.APPID);
        assertThat(c.get("package")).isEqualTo("prepay_id=" + fake.payment(id).prepayId);
        assertThat(c.get("signType")).isEqualTo("RSA");
        String message = c.get("appId") + "\n" + c.get("timeStamp") + "\n" + c.get("nonceStr") + "\n" + c.get("package")
                + "\n";
        assertThat(FakeWeChatPay.verify(fake.merchantKeys.getPublic(), message, c.get("paySign"))).isTrue();
        assertThatThrownBy(
                () -> provider.prepay(new PrepayRequest(newId(), "x", 1, "CNY", Channel.JSAPI, null, null, null)))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("openid");
    }

    @Test
    void onlyCnyAndWeChatShapedIdsAreAccepted() {
        assertThatThrownBy(
                () -> provider.prepay(new PrepayRequest(newId(), "x", 100, "USD", Channel.NATIVE, null, null, null)))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CNY");
        assertThatThrownBy(() -> provider.prepay(native_("short", 100))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("paymentId");
        assertThatThrownBy(() -> provider.prepay(native_(newId(), 3_000_000_000L)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(fake.paymentCount()).isZero();
        assertThat(provider.query(newId()).state()).isEqualTo(PaymentState.NOT_FOUND);
    }

    private void assertRejected(String body, String reason) {
        Map<String, String> h = fake.signedHeaders(body, Instant.now(), fake.platformKeys.getPrivate());
        assertThatThrownBy(() -> provider.parseNotification(h, body.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(NotificationRejected.class).hasMessageContaining(reason);
    }

    @Test
    void staleByTheAdapterClockToo() throws InterruptedException {
        String id = newId();
        provider.prepay(native_(id, 1));
        fake.pay(id);
        Map<String, String> h = nextHeaders();
        byte[] body = nextBody();
        clock.advance(Duration.ofMinutes(5).plusSeconds(5));
        assertThatThrownBy(() -> provider.parseNotification(h, body)).hasMessageContaining("stale");
    }
}
