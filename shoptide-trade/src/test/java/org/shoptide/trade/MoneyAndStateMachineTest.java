package org.shoptide.trade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.shoptide.core.shop.ShopId;
import org.shoptide.core.trade.Order;
import org.shoptide.core.trade.OrderLine;
import org.shoptide.core.trade.OrderStatus;
import org.shoptide.core.trade.OrderTransition;

class MoneyAndStateMachineTest {
    private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void pricesConvertExactlyByTheCurrencysMinorUnit() {
        assertThat(Money.toMinor(4.95, "EUR")).isEqualTo(495);
        assertThat(Money.toMinor(19.99, "EUR")).isEqualTo(1999);
        assertThat(Money.toMinor(1999.0, "JPY")).isEqualTo(1999);
        assertThat(Money.toMinor(1.234, "BHD")).isEqualTo(1234);
        assertThat(Money.toMinor(299.9, "CNY")).isEqualTo(29990);
        assertThat(Money.toMajor(29990, "CNY")).isEqualTo(299.9);
        assertThat(Money.format(5, "EUR")).isEqualTo("0.05 EUR");
    }

    @Test
    void impossiblePricesAreRefusedNotRounded() {
        assertThatThrownBy(() -> Money.toMinor(4.955, "EUR")).isInstanceOf(TradeException.class)
                .hasMessageContaining("more decimals");
        assertThatThrownBy(() -> Money.toMinor(1.5, "JPY")).isInstanceOf(TradeException.class);
        assertThatThrownBy(() -> Money.toMinor(-1.0, "EUR")).isInstanceOf(TradeException.class);
        assertThatThrownBy(() -> Money.toMinor(Double.NaN, "EUR")).isInstanceOf(TradeException.class);
        assertThatThrownBy(() -> Money.toMinor(null, "EUR")).isInstanceOf(TradeException.class);
        assertThatThrownBy(() -> Money.toMinor(1.0, "XYZ")).isInstanceOf(TradeException.class);
        assertThatThrownBy(() -> Money.toMinor(1.0, "eur")).isInstanceOf(TradeException.class);
    }

    @Test
    void largestRemainderSharesAddUpExactly() {
        long[] shares = Allocation.split(List.of(100L, 200L, 300L), 101);
        assertThat(shares).containsExactly(17, 34, 50);
        assertThat(shares[0] + shares[1] + shares[2]).isEqualTo(101);
        assertThat(Allocation.split(List.of(1L, 1L, 1L), 2)).containsExactly(1, 1, 0);
        assertThat(Allocation.split(List.of(999L), 999)).containsExactly(999);
    }

    private static Order order() {
        return new Order(ShopId.of("s"), "o1", "u1", List.of(new OrderLine("i", "t", 1, 100, "EUR", null)), "EUR", 100,
                0, OrderStatus.CREATED, null, null, T, T.plusSeconds(60), null,
                List.of(new OrderTransition(null, OrderStatus.CREATED, "created", T)));
    }

    @Test
    void legalTransitionsAreRecordedWithCauseAndTime() {
        Order paid = OrderStateMachine.move(OrderStateMachine.move(order(), OrderStatus.AWAITING_PAYMENT, "pay", T),
                OrderStatus.PAID, "paid", T.plusSeconds(5));
        assertThat(paid.status()).isEqualTo(OrderStatus.PAID);
        assertThat(paid.paidAt()).isEqualTo(T.plusSeconds(5));
        assertThat(paid.history()).extracting(OrderTransition::to).containsExactly(OrderStatus.CREATED,
                OrderStatus.AWAITING_PAYMENT, OrderStatus.PAID);
        assertThat(paid.history().get(2)).isEqualTo(
                new OrderTransition(OrderStatus.AWAITING_PAYMENT, OrderStatus.PAID, "paid", T.plusSeconds(5)));
        Order fulfilled = OrderStateMachine.move(paid, OrderStatus.FULFILLED, "shipped", T.plusSeconds(9));
        assertThat(OrderStateMachine.move(fulfilled, OrderStatus.REFUNDED, "r", T).status())
                .isEqualTo(OrderStatus.REFUNDED);
    }

    @Test
    void illegalTransitionsAreConflicts() {
        Order created = order();
        for (OrderStatus to : List.of(OrderStatus.FULFILLED, OrderStatus.REFUNDED, OrderStatus.CREATED)) {
            assertThatThrownBy(() -> OrderStateMachine.move(created, to, "x", T)).isInstanceOfSatisfying(
                    TradeException.class, e -> assertThat(e.kind()).isEqualTo(TradeException.Kind.CONFLICT));
        }
        Order cancelled = OrderStateMachine.move(created, OrderStatus.CANCELLED, "c", T);
        for (OrderStatus to : OrderStatus.values()) {
            assertThat(OrderStateMachine.allowed(OrderStatus.CANCELLED, to)).isFalse();
            assertThat(OrderStateMachine.allowed(OrderStatus.EXPIRED, to)).isFalse();
            assertThat(OrderStateMachine.allowed(OrderStatus.REFUNDED, to)).isFalse();
        }
        assertThatThrownBy(() -> OrderStateMachine.move(cancelled, OrderStatus.PAID, "late", T))
                .hasMessageContaining("cancelled");
        assertThat(OrderStateMachine.allowed(OrderStatus.PAID, OrderStatus.AWAITING_PAYMENT)).isFalse();
        assertThat(OrderStateMachine.allowed(OrderStatus.PAID, OrderStatus.CANCELLED)).isFalse();
    }
}
