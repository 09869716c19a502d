package org.shoptide.server.trade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.shoptide.core.port.PaymentProvider;
import org.shoptide.core.shop.ShopId;
import org.shoptide.core.trade.Payment;
import org.shoptide.testing.fake.InMemoryTradeStore;

class MeteredPaymentProviderTest {
    static final Instant T = Instant.parse("2026-12-07T12:00:00Z");

    /** A provider that refuses prepay, times out on close and reports queried payments as FAILED. */
    static final class Failing implements PaymentProvider {
        @Override
        public String name() {
            return "fakepay";
        }

        @Override
        public Prepay prepay(PrepayRequest request) {
            throw new PaymentException("merchant not activated", false, null);
        }

        @Override
        public PaymentStatus query(String paymentId) {
            return new PaymentStatus(paymentId, PaymentState.FAILED, null, 100, "CNY", null);
        }

        @Override
        public void close(String paymentId) {
            throw new PaymentException("timed out", true, null);
        }

        @Override
        public RefundStatus refund(RefundRequest request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public RefundStatus queryRefund(String refundId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Notification parseNotification(Map<String, String> headers, byte[] body) {
            throw new NotificationRejected("bad signature");
        }
    }

    @Test
    void countsRefusedUnavailableAndDeclinedByShopAndPassesCallsThrough() {
        InMemoryTradeStore store = new InMemoryTradeStore();
        store.write(tx -> {
            tx.insertPayment(new Payment(ShopId.of("s1"), "pay-1", "ord-1", "fakepay", PaymentProvider.Channel.PAGE,
                    100, "CNY", PaymentProvider.PaymentState.PENDING, null, T, T));
            return null;
        });
        List<String> seen = new ArrayList<>();
        MeteredPaymentProvider p = new MeteredPaymentProvider(new Failing(), store,
                (shop, provider, reason) -> seen.add(shop + " " + provider + " " + reason));
        assertThatThrownBy(() -> p.prepay(new PaymentProvider.PrepayRequest("pay-1", "mug", 100, "CNY",
                PaymentProvider.Channel.PAGE, null, T.plusSeconds(600), "http://localhost/notify")))
                        .hasMessageContaining("merchant not activated");
        assertThatThrownBy(() -> p.close("pay-1")).hasMessageContaining("timed out");
        assertThat(p.query("pay-1").state()).isEqualTo(PaymentProvider.PaymentState.FAILED);
        assertThat(p.query("pay-unknown").state()).isEqualTo(PaymentProvider.PaymentState.FAILED);
        assertThatThrownBy(() -> p.parseNotification(Map.of(), new byte[0])).hasMessageContaining("bad signature");
        assertThat(seen).containsExactly("s1 fakepay refused", "s1 fakepay unavailable", "s1 fakepay declined",
                "unknown fakepay declined");
        assertThat(p.name()).isEqualTo("fakepay");
    }
}
