package org.shoptide.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.shoptide.engine.EngineFixture.SHOP;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.shoptide.core.catalog.Item;
import org.shoptide.core.event.Event;
import org.shoptide.engine.api.Filters;
import org.shoptide.engine.api.RecommendationRequest;
import org.shoptide.engine.api.Scenario;

/**
 * Sanity check of the serving cost on a 4,000-item shop with a trained model: single-threaded latency over a mix of all
 * scenarios. Only the median is asserted, loosely (CI machines are shared); the target (p99 under 10 ms at 500 req/s)
 * is measured by shoptide-bench.
 */
class RecommendLatencyTest {

    @Test
    void recommendStaysFastOnAFourThousandItemShop() {
        try (EngineFixture f = new EngineFixture()) {
            DefaultEngine engine = f.engine();
            engine.createShop(SHOP, "Acme");
            SplittableRandom rnd = new SplittableRandom(3);
            List<Item> catalog = new ArrayList<>();
            for (int i = 0; i < 4000; i++) {
                catalog.add(EngineFixture.item("i" + i, "Product " + i + " model " + (i % 97), "Brand" + (i % 40),
                        1 + i % 200, i % 10 != 0, "Dept" + (i % 8), "Cat" + (i % 80)));
            }
            engine.upsertItems(SHOP, catalog);
            for (int batch = 0; batch < 30; batch++) {
                List<Event> events = new ArrayList<>();
                for (int e = 0; e < 1000; e++) {
                    int user = rnd.nextInt(2000);
                    int dept = user % 8;
                    int item = dept + 8 * rnd.nextInt(500); // users stay mostly in their department
                    events.add(rnd.nextInt(20) == 0 ? f.purchase("u" + user, "o" + batch + "-" + e, "i" + item)
                            : f.view("u" + user, "i" + item));
                }
                engine.ingest(SHOP, events);
            }
            engine.train(SHOP);
            List<RecommendationRequest> requests = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                String u = "u" + rnd.nextInt(2500); // some unknown visitors
                requests.add(new RecommendationRequest(SHOP, Scenario.USER, u, null, null, null, 10, null, true, null));
                requests.add(new RecommendationRequest(SHOP, Scenario.ITEM, null, null, "i" + rnd.nextInt(4000), null,
                        10, null, true, null));
                requests.add(new RecommendationRequest(SHOP, Scenario.CART, u, null, null,
                        List.of("i" + rnd.nextInt(4000), "i" + rnd.nextInt(4000)), 10, null, true, null));
                requests.add(new RecommendationRequest(SHOP, Scenario.TRENDING, null, null, null, null, 10,
                        new Filters("Dept" + rnd.nextInt(8), null, null, 150.0, true), true, null));
            }
            for (RecommendationRequest r : requests) { // warm-up
                engine.recommend(r);
            }
            long[] nanos = new long[requests.size()];
            for (int i = 0; i < nanos.length; i++) {
                long t0 = System.nanoTime();
                assertThat(engine.recommend(requests.get(i)).items()).isNotEmpty();
                nanos[i] = System.nanoTime() - t0;
            }
            Arrays.sort(nanos);
            double p50 = nanos[nanos.length / 2] / 1e6;
            double p99 = nanos[(int) (nanos.length * 0.99)] / 1e6;
            System.getLogger(RecommendLatencyTest.class.getName()).log(System.Logger.Level.INFO,
                    "recommend on 4000 items: p50 {0} ms, p99 {1} ms", p50, p99);
            // the median is robust to a busy machine; p99 is logged (and measured under load by shoptide-bench)
            assertThat(p50).isLessThan(5.0);
        }
    }
}
