package org.shoptide.sim;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.shoptide.core.catalog.Item;
import org.shoptide.core.event.Event;
import org.shoptide.server.http.FieldErrors;
import org.shoptide.server.http.Parsers;

/**
 * A shop's logged data read back through its API ({@code GET /v1/events/export}, {@code GET /v1/items}) and parsed with
 * the server's own parsers, as an offline job outside the server would see it.
 */
public final class ShopData {
    private ShopData() {
    }

    /** The event log in offset order. */
    public static List<Event> events(ShopClient shop) {
        List<Event> out = new ArrayList<>();
        for (JsonNode n : shop.exportAll()) {
            FieldErrors err = FieldErrors.collecting(-1);
            Event e = Parsers.event(n, Instant.EPOCH, err)
                    .orElseThrow(() -> new IllegalStateException("exported event does not parse: " + err.violations()));
            out.add(e);
        }
        return out;
    }

    /** The catalog by item id. */
    public static Map<String, Item> catalog(ShopClient shop) {
        Map<String, Item> out = new HashMap<>();
        for (JsonNode n : shop.items()) {
            FieldErrors err = FieldErrors.collecting(-1);
            Item it = Parsers.item(n, n.path("id").asText(), err)
                    .orElseThrow(() -> new IllegalStateException("listed item does not parse: " + err.violations()));
            out.put(it.id(), it);
        }
        return out;
    }
}
