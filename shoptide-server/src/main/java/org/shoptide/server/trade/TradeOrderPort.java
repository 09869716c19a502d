package org.shoptide.server.trade;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.shoptide.assistant.port.Customer;
import org.shoptide.assistant.port.OrderPort;
import org.shoptide.core.port.PaymentProvider.Channel;
import org.shoptide.core.shop.ShopId;
import org.shoptide.core.trade.Order;
import org.shoptide.server.http.Json;
import org.shoptide.trade.IdempotentCalls;
import org.shoptide.trade.OrderService.LineRequest;
import org.shoptide.trade.OrderService.NewOrder;
import org.shoptide.trade.PaymentService.Started;

/**
 * The assistant's "buy" through the trade order flow: an order of one unit of the item, priced from the catalog and
 * attributed to the answer that showed it, and a payment on the provider's hosted page. Both run at most once per
 * idempotency key (the same store as the HTTP API's {@code Idempotency-Key}), so a customer who says "I'll take it"
 * twice, or a retried turn, gets the same order. An anonymous visitor orders under their anonymous id.
 */
public final class TradeOrderPort implements OrderPort {
    private final Trade trade;

    public TradeOrderPort(Trade trade) {
        this.trade = trade;
    }

    @Override
    public PlacedOrder place(ShopId shop, Customer customer, String itemId, String recommendationId,
            String idempotencyKey) {
        String buyer = customer.userId() != null ? customer.userId() : customer.anonymousId();
        String fingerprint = IdempotentCalls.fingerprint("ASSISTANT", "buy",
                String.join("\n", buyer, itemId, String.valueOf(recommendationId)).getBytes(StandardCharsets.UTF_8));
        IdempotentCalls.Response answer = trade.idempotency().execute(shop, "assistant:" + idempotencyKey, fingerprint,
                () -> {
                    Order order = trade.orders().create(shop,
                            new NewOrder(buyer, List.of(new LineRequest(itemId, 1)), recommendationId, null));
                    Started started = trade.payments().start(shop, order.orderId(), Channel.PAGE, null);
                    Map<String, String> out = new LinkedHashMap<>();
                    out.put("orderId", order.orderId());
                    out.put("payUrl", started.prepay().redirectUrl());
                    try {
                        return new IdempotentCalls.Response(201, Json.MAPPER.writeValueAsString(out));
                    } catch (JsonProcessingException e) {
                        throw new UncheckedIOException(e);
                    }
                });
        try {
            JsonNode placed = Json.MAPPER.readTree(answer.body());
            return new PlacedOrder(placed.get("orderId").asText(),
                    placed.path("payUrl").isNull() ? null : placed.path("payUrl").asText());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
