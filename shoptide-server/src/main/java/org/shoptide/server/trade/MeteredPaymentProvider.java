package org.shoptide.server.trade;

import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.shoptide.core.port.PaymentProvider;
import org.shoptide.core.port.TradeStore;
import org.shoptide.core.shop.ShopId;
import org.shoptide.core.trade.Payment;

/**
 * A {@link PaymentProvider} that reports payment failures, by shop, provider and reason, to {@link PaymentFailures}
 * (the {@code shoptide.payment.failures} counter): {@code refused} (the provider rejected a call), {@code unavailable}
 * (a call timed out or could not reach it; its outcome is unknown), {@code declined} (the provider reports a payment
 * ended FAILED, by notification or query). The shop is looked up by payment id; {@code unknown} when it cannot be.
 * Calls and answers pass through unchanged.
 */
public final class MeteredPaymentProvider implements PaymentProvider {
    private final PaymentProvider delegate;
    private final TradeStore store;
    private final PaymentFailures failures;

    public MeteredPaymentProvider(PaymentProvider delegate, TradeStore store, PaymentFailures failures) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.store = Objects.requireNonNull(store, "store");
        this.failures = Objects.requireNonNull(failures, "failures");
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public Prepay prepay(PrepayRequest request) {
        return counted(request.paymentId(), () -> delegate.prepay(request));
    }

    @Override
    public PaymentStatus query(String paymentId) {
        PaymentStatus s = counted(paymentId, () -> delegate.query(paymentId));
        if (s != null && s.state() == PaymentState.FAILED) {
            report(paymentId, "declined");
        }
        return s;
    }

    @Override
    public void close(String paymentId) {
        counted(paymentId, () -> {
            delegate.close(paymentId);
            return null;
        });
    }

    @Override
    public RefundStatus refund(RefundRequest request) {
        return counted(request.paymentId(), () -> delegate.refund(request));
    }

    @Override
    public RefundStatus queryRefund(String refundId) {
        return delegate.queryRefund(refundId);
    }

    @Override
    public Notification parseNotification(Map<String, String> headers, byte[] body) {
        Notification n = delegate.parseNotification(headers, body);
        if (n.payment() != null && n.payment().state() == PaymentState.FAILED) {
            report(n.payment().paymentId(), "declined");
        }
        return n;
    }

    private <T> T counted(String paymentId, Supplier<T> call) {
        try {
            return call.get();
        } catch (PaymentException e) {
            report(paymentId, e.retryable() ? "unavailable" : "refused");
            throw e;
        }
    }

    private void report(String paymentId, String reason) {
        String shop = "unknown";
        try {
            shop = store.read(tx -> tx.payment(paymentId)).map(Payment::shop).map(ShopId::value).orElse("unknown");
        } catch (RuntimeException e) {
            // the failure still counts, under an unknown shop
        }
        failures.failed(shop, delegate.name(), reason);
    }

    /** Where payment failures are reported. */
    @FunctionalInterface
    public interface PaymentFailures {
        PaymentFailures NONE = (shop, provider, reason) -> {
        };

        void failed(String shop, String provider, String reason);
    }
}
