package org.shoptide.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateLimitTest {
    @Test
    void aKeyOverItsLimitGets429WithRetryAfterAndOtherShopsAreUnaffected() {
        try (TestServer server = new TestServer(100_000, 5)) {
            String[] a = server.createShop("limited-a");
            String[] b = server.createShop("limited-b");
            List<Integer> statuses = new ArrayList<>();
            TestServer.Response limited = null;
            for (int i = 0; i < 40; i++) {
                TestServer.Response r = server.get("/v1/recommendations?scenario=trending", a[0]);
                statuses.add(r.status());
                if (r.status() == 429) {
                    limited = r;
                }
            }
            assertThat(statuses).contains(200, 429);
            assertThat(statuses.stream().filter(s -> s == 200).count()).isLessThan(30);
            assertThat(limited.contentType()).startsWith("application/problem+json");
            assertThat(limited.headers().firstValue("Retry-After")).isPresent();
            assertThat(server.get("/v1/recommendations?scenario=trending", b[0]).status()).isEqualTo(200);
        }
    }
}
