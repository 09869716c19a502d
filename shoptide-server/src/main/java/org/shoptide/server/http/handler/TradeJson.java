package org.shoptide.server.http.handler;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.shoptide.core.port.PaymentProvider.Prepay;
import org.shoptide.core.trade.Order;
import org.shoptide.core.trade.OrderLine;
import org.shoptide.core.trade.OrderTransition;
import org.shoptide.core.trade.Payment;
import org.shoptide.core.trade.Refund;
import org.shoptide.trade.BudgetService.BudgetView;
import org.shoptide.trade.Reconciler;

/** JSON shapes of the trade routes: money always as integer minor units with its currency. */
public final class TradeJson {
    private TradeJson() {
    }

    public static Map<String, Object> order(Order o, List<Payment> payments, List<Refund> refunds) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("orderId", o.orderId());
        m.put("userId", o.userId());
        m.put("status", o.status().wireName());
        m.put("currency", o.currency());
        m.put("totalMinor", o.totalMinor());
        m.put("refundedMinor", o.refundedMinor());
        m.put("lines", o.lines().stream().map(TradeJson::line).toList());
        m.put("recommendationId", o.recommendationId());
        m.put("returnUrl", o.returnUrl());
        m.put("createdAt", o.createdAt());
        m.put("paymentDeadline", o.paymentDeadline());
        m.put("paidAt", o.paidAt());
        m.put("history", o.history().stream().map(TradeJson::transition).toList());
        if (payments != null) {
            m.put("payments", payments.stream().map(TradeJson::payment).toList());
        }
        if (refunds != null) {
            m.put("refunds", refunds.stream().map(TradeJson::refund).toList());
        }
        return m;
    }

    private static Map<String, Object> line(OrderLine l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("itemId", l.itemId());
        m.put("title", l.title());
        m.put("quantity", l.quantity());
        m.put("unitPriceMinor", l.unitPriceMinor());
        m.put("totalMinor", l.totalMinor());
        m.put("currency", l.currency());
        m.put("categoryPath", l.categoryPath());
        return m;
    }

    private static Map<String, Object> transition(OrderTransition t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("from", t.from() == null ? null : t.from().wireName());
        m.put("to", t.to().wireName());
        m.put("cause", t.cause());
        m.put("at", t.at());
        return m;
    }

    static Map<String, Object> payment(Payment p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("paymentId", p.paymentId());
        m.put("provider", p.provider());
        m.put("channel", p.channel().name().toLowerCase(Locale.ROOT));
        m.put("state", p.state().name().toLowerCase(Locale.ROOT));
        m.put("amountMinor", p.amountMinor());
        m.put("currency", p.currency());
        m.put("transactionId", p.transactionId());
        m.put("createdAt", p.createdAt());
        m.put("updatedAt", p.updatedAt());
        return m;
    }

    static Map<String, Object> started(Payment p, Prepay prepay) {
        Map<String, Object> m = payment(p);
        m.put("redirectUrl", prepay.redirectUrl());
        m.put("codeUrl", prepay.codeUrl());
        if (!prepay.clientParams().isEmpty()) {
            m.put("clientParams", prepay.clientParams());
        }
        return m;
    }

    static Map<String, Object> refund(Refund r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("refundId", r.refundId());
        m.put("paymentId", r.paymentId());
        m.put("state", r.state().name().toLowerCase(Locale.ROOT));
        m.put("amountMinor", r.amountMinor());
        m.put("currency", r.currency());
        m.put("automatic", r.automatic());
        m.put("reason", r.reason());
        m.put("createdAt", r.createdAt());
        m.put("updatedAt", r.updatedAt());
        return m;
    }

    static Map<String, Object> budget(BudgetView v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("budgetId", v.budget().budgetId());
        m.put("category", v.budget().category());
        m.put("period", v.budget().period().name().toLowerCase(Locale.ROOT));
        m.put("amountMinor", v.budget().amountMinor());
        m.put("currency", v.budget().currency());
        m.put("spentMinor", v.spentMinor());
        m.put("remainingMinor", v.remainingMinor());
        m.put("periodStart", v.periodStart());
        m.put("periodEnd", v.periodEnd());
        m.put("updatedAt", v.budget().updatedAt());
        return m;
    }

    static Map<String, Object> report(Reconciler.Report r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ordersChecked", r.ordersChecked());
        m.put("paid", r.paid());
        m.put("expired", r.expired());
        m.put("refundsSettled", r.refundsSettled());
        m.put("eventsDispatched", r.eventsDispatched());
        m.put("failures", r.failures());
        return m;
    }
}
