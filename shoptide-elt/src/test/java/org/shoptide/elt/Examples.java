package org.shoptide.elt;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.shoptide.core.event.Event;
import org.shoptide.core.event.EventType;
import org.shoptide.core.event.LineItem;
import org.shoptide.core.event.LoggedEvent;
import org.shoptide.core.shop.ShopId;
import org.shoptide.lake.LakeLayout;
import org.shoptide.lake.LakeWriter;

/** The shipped synthetic examples, copied out of the jar, and the demo shop's events written to the lake. */
final class Examples {
    static final String SECRET = "a-test-secret-of-32-characters!!";

    private Examples() {
    }

    static Path copy(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (String f : List.of("catalog.csv", "shop2_orders.csv", "social_profiles.json", "property_register.jsonl",
                "postcode_areas.csv", "sources.json")) {
            try (InputStream in = Examples.class.getResourceAsStream("/org/shoptide/elt/examples/" + f)) {
                Files.copy(in, dir.resolve(f));
            }
        }
        return dir;
    }

    /** Ann (u1) buys paint, flooring and tools in November and views decor; Bob (u2) bought decor in June. */
    static void writeEvents(Path lakeRoot, ShopId shop) {
        List<Event> es = new ArrayList<>();
        es.add(purchase("u1", "E1", "2026-11-20T10:00:00Z",
                List.of(new LineItem("i1", 25.00, 2, "GBP"), new LineItem("i3", 40.00, 1, "GBP"))));
        es.add(view("u1", "anon-7", "i5", "2026-11-21T09:00:00Z"));
        es.add(view("u1", "anon-7", "i5", "2026-11-21T09:05:00Z"));
        es.add(purchase("u1", "E2", "2026-11-25T12:00:00Z", List.of(new LineItem("i4", 60.00, 1, "GBP"))));
        es.add(purchase("u2", "E3", "2026-06-01T08:00:00Z",
                List.of(new LineItem("i5", 15.00, 1, "GBP"), new LineItem("i6", 30.00, 1, "GBP"))));
        es.add(view("u2", null, "i6", "2026-06-01T07:00:00Z"));
        es.add(view(null, "anon-9", "i7", "2026-11-22T07:00:00Z"));
        List<LoggedEvent> batch = new ArrayList<>();
        for (int i = 0; i < es.size(); i++) {
            batch.add(new LoggedEvent(i, es.get(i)));
        }
        try (LakeWriter w = new LakeWriter(new LakeLayout(lakeRoot))) {
            w.write(shop, batch);
        }
    }

    private static Event purchase(String user, String order, String ts, List<LineItem> lines) {
        return new Event(null, EventType.PURCHASE, null, user, null, null, Instant.parse(ts), null, null, null, order,
                lines, null, null, null);
    }

    private static Event view(String user, String anon, String item, String ts) {
        return new Event(null, EventType.VIEW, null, user, anon, null, Instant.parse(ts), item, null, null, null, null,
                null, null, null);
    }
}
