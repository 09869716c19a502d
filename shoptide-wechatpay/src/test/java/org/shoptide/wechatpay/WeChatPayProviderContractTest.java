package org.shoptide.wechatpay;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.shoptide.core.port.PaymentProvider;
import org.shoptide.core.port.PaymentProvider.Channel;
import org.shoptide.testing.contract.PaymentProviderContract;
import org.shoptide.testing.fake.MutableClock;

/** The payment port's contract for {@link WeChatPayProvider} against {@link FakeWeChatPay} over real HTTP. */
class WeChatPayProviderContractTest extends PaymentProviderContract {

    private final FakeWeChatPay fake;
    private final MutableClock clock = new MutableClock(Instant.now());

    WeChatPayProviderContractTest() throws Exception {
        fake = new FakeWeChatPay();
    }

    @AfterEach
    void stopFake() {
        fake.close();
    }

    @Override
    protected PaymentProvider provider() {
        return new WeChatPayProvider(fake.config(URI.create(notifyUrl())), clock);
    }

    @Override
    protected String currency() {
        return "CNY";
    }

    @Override
    protected List<Channel> channels() {
        return List.of(Channel.NATIVE, Channel.JSAPI);
    }

    @Override
    protected OutsideWorld world() {
        return new OutsideWorld() {
            @Override
            public void pay(String paymentId) {
                fake.pay(paymentId);
            }

            @Override
            public void fail(String paymentId) {
                fake.fail(paymentId);
            }

            @Override
            public void settleRefund(String refundId) {
                fake.settleRefund(refundId);
            }

            @Override
            public void redeliver(String paymentOrRefundId) {
                fake.redeliver(paymentOrRefundId);
            }

            @Override
            public Map<String, String> forgeSignature(Map<String, String> headers, byte[] body) {
                String text = new String(body, StandardCharsets.UTF_8);
                return fake.signedHeaders(text, Instant.now(), FakeWeChatPay.rsa().getPrivate());
            }

            @Override
            public void advanceAdapterClock(Duration by) {
                clock.advance(by);
            }
        };
    }
}
