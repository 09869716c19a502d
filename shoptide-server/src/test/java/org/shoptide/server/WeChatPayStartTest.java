package org.shoptide.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shoptide.server.cli.Engines;
import org.shoptide.server.config.ConfigException;
import org.shoptide.server.config.ServerConfig;

/** {@code payment.provider=wechatpay}: configured from {@code payment.wechatpay.*}, offline, or refused at start. */
class WeChatPayStartTest {
    @TempDir
    Path dataDir;

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    Map<String, String> config() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair merchant = g.generateKeyPair();
        KeyPair platform = g.generateKeyPair();
        Map<String, String> m = new HashMap<>(Map.of("data.dir", dataDir.toString(), "http.host", "127.0.0.1",
                "http.port", "0", "operator.key", "wechat-start-operator-key-012", "payment.provider", "wechatpay",
                "payment.public-url", "https://shop.example"));
        m.put("payment.wechatpay.merchant-id", "1900000109");
        m.put("payment.wechatpay.app-id", "wxd678efh567hg6787");
        m.put("payment.wechatpay.serial-number", "5157F09EFDC096DE15EBE81A47057A7232F1B8E1");
        m.put("payment.wechatpay.private-key", pem("PRIVATE KEY", merchant.getPrivate().getEncoded()));
        m.put("payment.wechatpay.public-key-id", "PUB_KEY_ID_0114232134912410000000000000");
        m.put("payment.wechatpay.public-key", pem("PUBLIC KEY", platform.getPublic().getEncoded()));
        m.put("payment.wechatpay.api-v3-key", "0123456789abcdef0123456789abcdef");
        return m;
    }

    @Test
    void aConfiguredMerchantStartsWithoutDownloadingAndServesTheNotifyRoute() throws Exception {
        try (ShoptideServer server = ShoptideServer.start(ServerConfig.fromMap(config()), Clock.systemUTC(),
                Engines.production(), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))) {
            // a notification that is not WeChat Pay's is refused by the adapter's signature check, not a 5xx
            HttpResponse<String> r = HttpClient
                    .newHttpClient().send(
                            HttpRequest
                                    .newBuilder(URI.create(
                                            "http://127.0.0.1:" + server.port() + "/v1/payments/wechatpay/notify"))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"forged\"}")).build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isBetween(400, 499);
        }
    }

    @Test
    void aMissingOrMalformedSettingFailsStartUpNamingIt() throws Exception {
        Map<String, String> m = config();
        m.put("payment.wechatpay.api-v3-key", "too-short");
        assertThatThrownBy(() -> ShoptideServer.start(ServerConfig.fromMap(m), Clock.systemUTC(), Engines.production(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)))
                        .isInstanceOf(ConfigException.class).hasMessageContaining("payment.wechatpay")
                        .hasMessageContaining("apiV3Key").hasMessageNotContaining("too-short");
        m.remove("payment.wechatpay.merchant-id");
        assertThatThrownBy(() -> ShoptideServer.start(ServerConfig.fromMap(m), Clock.systemUTC(), Engines.production(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)))
                        .isInstanceOf(ConfigException.class).hasMessageContaining("merchantId");
    }
}
