package org.shoptide.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.shoptide.server.config.ServerConfig;
import org.shoptide.server.http.Json;
import org.slf4j.LoggerFactory;

class LoggingTest {
    @Test
    void jsonFormatWritesOneObjectPerLineWithKeyValues() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            Logging.configure(ServerConfig.LogFormat.JSON, "INFO");
            LoggerFactory.getLogger("shoptide.access").atInfo().addKeyValue("route", "/v1/items/{id}")
                    .addKeyValue("status", 200).log("GET {} {}", "/v1/items/{id}", 200);
            LoggerFactory.getLogger("shoptide.access").debug("not at INFO");
            ServerConfig secret = ServerConfig.fromMap(Map.of("operator.key", "do-not-log-this-operator-key"));
            LoggerFactory.getLogger(LoggingTest.class).atInfo().addKeyValue("config", secret.redacted()).log("start");
        } finally {
            System.setOut(original);
            Logging.configure(ServerConfig.LogFormat.TEXT, "INFO");
        }
        String[] lines = captured.toString(StandardCharsets.UTF_8).strip().split("\n");
        assertThat(lines).hasSize(2);
        JsonNode access = Json.MAPPER.readTree(lines[0]);
        assertThat(access.get("level").asText()).isEqualTo("INFO");
        assertThat(access.get("loggerName").asText()).isEqualTo("shoptide.access");
        assertThat(access.get("formattedMessage").asText()).isEqualTo("GET /v1/items/{id} 200");
        assertThat(access.get("kvpList").toString()).contains("route").contains("/v1/items/{id}");
        assertThat(lines[1]).doesNotContain("do-not-log-this-operator-key").contains("operator.key=***");
    }
}
