package org.shoptide.trade;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.shoptide.core.port.PaymentProvider;
import org.shoptide.core.port.PaymentProvider.Channel;
import org.shoptide.core.port.PaymentProvider.Notification;
import org.shoptide.core.port.PaymentProvider.PaymentException;
import org.shoptide.core.port.PaymentProvider.PaymentState;
import org.shoptide.core.port.PaymentProvider.Prepay;
import org.shoptide.core.port.PaymentProvider.PrepayRequest;
import org.shoptide.core.port.TradeStore;
import org.shoptide.core.shop.ShopId;
import org.shoptide.core.trade.InboxEntry;
import org.shoptide.core.trade.Order;
import org.shoptide.core.trade.OrderStatus;
import org.shoptide.core.trade.Payment;

/**
 * Starts payments of orders at the configured provider and takes its notifications.
 * <p>
 * Starting: the payment row (fresh {@code paymentId}, PENDING) is stored and the order moved to AWAITING_PAYMENT before
 * the provider is called, so an answer the server never saw is still found by the reconciliation job; a provider
 * time-out is retried with the same id (the provider is idempotent on it).
 * <p>
 * Notifications: verified by the provider ({@link PaymentProvider#parseNotification}), then recorded in the inbox under
 * the provider's notification id in the same transaction that applies them, so a duplicate is dropped and a crash
 * between the two cannot happen. Automatic refunds and the outbox are handled after the commit.
 */
public final class PaymentService {
    private final TradeStore store;
    private final PaymentProvider provider;
    private final RefundService refunds;
    private final OutboxDispatcher outbox;
    private final Clock clock;
    private final TradeSettings settings;
    private final Ids ids = new Ids();

    public PaymentService(TradeStore store, PaymentProvider provider, RefundService refunds, OutboxDispatcher outbox,
            Clock clock, TradeSettings settings) {
        this.store = Objects.requireNonNull(store, "store");
        this.provider = Objects.requireNonNull(provider, "provider");
        this.refunds = Objects.requireNonNull(refunds, "refunds");
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** The configured provider's name. */
    public String providerName() {
        return provider.name();
    }

    /** A started payment: its row and what the customer needs to pay. */
    public record Started(Payment payment, Prepay prepay) {
    }

    /**
     * Starts a payment attempt for an order that is CREATED or AWAITING_PAYMENT and within its payment window.
     *
     * @param payerId
     *            the payer's id at the provider, required for {@link Channel#JSAPI}
     */
    public Started start(ShopId shop, String orderId, Channel channel, String payerId) {
        if (channel == null) {
            throw TradeException.invalid("channel", "channel is required: page, native or jsapi");
        }
        if (channel == Channel.JSAPI && (payerId == null || payerId.isBlank())) {
            throw TradeException.invalid("payerId", "the jsapi channel needs the payer's id");
        }
        Instant now = clock.instant();
        Payment payment = store.write(tx -> {
            Order o = tx.order(shop, orderId).orElseThrow(() -> TradeException.notFound("order", orderId));
            if (o.status() != OrderStatus.CREATED && o.status() != OrderStatus.AWAITING_PAYMENT) {
                throw TradeException
                        .conflict("order " + orderId + " is " + o.status().wireName() + " and cannot be paid");
            }
            if (!now.isBefore(o.paymentDeadline())) {
                throw TradeException
                        .conflict("the payment window of order " + orderId + " closed at " + o.paymentDeadline());
            }
            Payment p = new Payment(shop, ids.next("pay", now), orderId, provider.name(), channel, o.totalMinor(),
                    o.currency(), PaymentState.PENDING, null, now, now);
            tx.insertPayment(p);
            if (o.status() == OrderStatus.CREATED) {
                tx.updateOrder(OrderStateMachine.move(o, OrderStatus.AWAITING_PAYMENT,
                        "payment " + p.paymentId() + " started (" + channel.name().toLowerCase(Locale.ROOT) + ")",
                        now));
            }
            return p;
        });
        Order order = store.read(tx -> tx.order(shop, orderId)).orElseThrow();
        PrepayRequest request = new PrepayRequest(payment.paymentId(), description(order), payment.amountMinor(),
                payment.currency(), channel, payerId, order.paymentDeadline(), settings.notifyUrl(provider.name()));
        try {
            Prepay prepay = Retry.provider(settings.providerAttempts(), "prepay", () -> provider.prepay(request));
            return new Started(payment, prepay);
        } catch (PaymentException e) {
            store.write(tx -> {
                tx.updatePayment(payment.with(PaymentState.FAILED, null, clock.instant()));
                return null;
            });
            throw TradeException.conflict("the payment provider refused the payment: " + e.getMessage());
        }
    }

    private static String description(Order o) {
        String first = o.lines().get(0).title() == null ? o.lines().get(0).itemId() : o.lines().get(0).title();
        String text = o.lines().size() == 1 ? first : first + " +" + (o.lines().size() - 1);
        return text.length() > 100 ? text.substring(0, 100) : text;
    }

    /** An order's payment attempts, oldest first. */
    public List<Payment> payments(ShopId shop, String orderId) {
        return store.read(tx -> tx.payments(shop, orderId));
    }

    /**
     * Takes a notification as the provider's HTTP callback delivered it.
     *
     * @return what applying it did (duplicates: {@code duplicate})
     *
     * @throws PaymentProvider.NotificationRejected
     *             when it fails verification; nothing was changed
     * @throws TradeException
     *             NOT_FOUND when {@code providerName} is not the configured provider
     */
    public String notification(String providerName, Map<String, String> headers, byte[] body) {
        if (!provider.name().equals(providerName)) {
            throw TradeException.notFound("payment provider", providerName);
        }
        Notification n = provider.parseNotification(headers, body);
        Instant now = clock.instant();
        String paymentId = n.payment() != null ? n.payment().paymentId() : n.refund().paymentId();
        Settlement.Applied applied = store.write(tx -> {
            if (tx.notification(provider.name(), n.notificationId()).isPresent()) {
                return new Settlement.Applied("duplicate", null);
            }
            Settlement.Applied a;
            if (n.payment() != null) {
                a = tx.payment(n.payment().paymentId())
                        .map(p -> Settlement.payment(tx, p, n.payment(), "notification " + n.notificationId(), now))
                        .orElse(new Settlement.Applied("refused: unknown payment", null));
            } else {
                a = tx.refund(n.refund().refundId()).map(r -> Settlement.refund(tx, r, n.refund(), now))
                        .orElse(new Settlement.Applied("refused: unknown refund", null));
            }
            tx.recordNotification(new InboxEntry(provider.name(), n.notificationId(), paymentId, now, a.outcome()));
            return a;
        });
        after(applied);
        return applied.outcome();
    }

    /** Submits an automatic refund and dispatches the outbox, after a commit. */
    void after(Settlement.Applied applied) {
        if (applied.refundToSubmit() != null) {
            refunds.submitQuietly(applied.refundToSubmit());
        }
        outbox.dispatchQuietly();
    }
}
