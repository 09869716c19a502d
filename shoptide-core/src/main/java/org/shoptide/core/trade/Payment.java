package org.shoptide.core.trade;

import java.time.Instant;
import java.util.Objects;
import org.shoptide.core.port.PaymentProvider.Channel;
import org.shoptide.core.port.PaymentProvider.PaymentState;
import org.shoptide.core.shop.ShopId;

/**
 * One attempt to pay an order at a provider. {@code paymentId} is unique over all shops (it is the provider's merchant
 * order number), so a provider notification that names only it finds its shop.
 *
 * @param transactionId
 *            the provider's id once paid, else null
 */
public record Payment(ShopId shop, String paymentId, String orderId, String provider, Channel channel, long amountMinor,
        String currency, PaymentState state, String transactionId, Instant createdAt, Instant updatedAt) {
    public Payment {
        Objects.requireNonNull(shop, "shop");
        Objects.requireNonNull(paymentId, "paymentId");
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    public Payment with(PaymentState newState, String newTransactionId, Instant at) {
        return new Payment(shop, paymentId, orderId, provider, channel, amountMinor, currency, newState,
                newTransactionId, createdAt, at);
    }
}
