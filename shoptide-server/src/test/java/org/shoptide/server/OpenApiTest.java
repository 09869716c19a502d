package org.shoptide.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class OpenApiTest {

    @Test
    void documentedPathsAndMethodsEqualTheRegisteredRoutes() {
        try (TestServer server = new TestServer()) {
            TestServer.Response r = server.get("/openapi.json", null);
            assertThat(r.status()).isEqualTo(200);
            JsonNode spec = r.json();
            assertThat(spec.get("openapi").asText()).startsWith("3.1");
            Set<String> documented = new TreeSet<>();
            spec.get("paths").properties().forEach(p -> p.getValue().fieldNames()
                    .forEachRemaining(m -> documented.add(m.toUpperCase(Locale.ROOT) + " " + p.getKey())));
            Set<String> registered = server.api.registeredRoutes();
            assertThat(registered).isNotEmpty();
            assertThat(documented).as("documented but not registered").isSubsetOf(registered);
            assertThat(registered).as("registered but not documented").isSubsetOf(documented);
            // every operation documents its problem responses
            spec.get("paths").forEach(path -> path.forEach(op -> assertThat(op.get("responses").has("4XX")).isTrue()));
        }
    }
}
