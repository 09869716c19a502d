package org.shoptide.wechatpay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Configuration is checked at construction with messages that name the field, and never shows secrets. */
class WeChatPayConfigTest {

    private static final String PRIVATE = FakeWeChatPay.pem("PRIVATE KEY",
            FakeWeChatPay.rsa().getPrivate().getEncoded());
    private static final String PUBLIC = FakeWeChatPay.pem("PUBLIC KEY", FakeWeChatPay.rsa().getPublic().getEncoded());
    private static final String V3 = "0123456789abcdefghijABCDEFGHIJ01";

    private static WeChatPayConfig config(String mchid, String privateKey, String publicKey, String v3, URI base) {
        return new WeChatPayConfig(mchid, "wxd678efh567hg6787", "5157F09EFDC096DE15EBE81A47057A7232F1B8E1", privateKey,
                "PUB_KEY_ID_0114232134912410000000000000", publicKey, v3, base, URI.create("https://shop.example/wx"),
                null, null, null, null);
    }

    @Test
    void defaultsAreTheOfficialHostAndFiveMinuteFreshness() {
        WeChatPayConfig c = config("1900000109", PRIVATE, PUBLIC, V3, null);
        assertThat(c.baseUrl()).isEqualTo(URI.create("https://api.mch.weixin.qq.com"));
        assertThat(c.notificationMaxAge()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.clockSkew()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.readTimeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void secretsNeverAppearInToString() {
        String text = config("1900000109", PRIVATE, PUBLIC, V3, null).toString();
        assertThat(text).doesNotContain(V3).doesNotContain("PRIVATE KEY").doesNotContain(PRIVATE.substring(40, 80))
                .contains("1900000109").contains("apiV3Key=***");
    }

    @Test
    void everyFieldIsCheckedWithAPreciseMessage() {
        assertThatThrownBy(() -> config("19x", PRIVATE, PUBLIC, V3, null)).hasMessageContaining("merchantId");
        assertThatThrownBy(() -> config("1900000109", PUBLIC, PUBLIC, V3, null))
                .hasMessageContaining("merchantPrivateKey must be a PEM 'PRIVATE KEY'");
        assertThatThrownBy(() -> config("1900000109", PRIVATE, PRIVATE, V3, null))
                .hasMessageContaining("publicKey must be a PEM 'PUBLIC KEY'");
        assertThatThrownBy(() -> config("1900000109", PRIVATE, PUBLIC, "short", null)).hasMessageContaining("apiV3Key")
                .hasMessageNotContaining("short");
        assertThatThrownBy(() -> config("1900000109", PRIVATE, PUBLIC, V3, URI.create("https://proxy.example/v3")))
                .hasMessageContaining("baseUrl");
        assertThatThrownBy(() -> config("1900000109", "/no/such/key.pem", PUBLIC, V3, null))
                .hasMessageContaining("merchantPrivateKey: cannot read the key file /no/such/key.pem");
    }

    @Test
    void keysMayBeFilesAndABrokenKeyIsNamed(@TempDir Path dir) throws Exception {
        Path key = Files.writeString(dir.resolve("apiclient_key.pem"), PRIVATE, StandardCharsets.US_ASCII);
        Path pub = Files.writeString(dir.resolve("pub_key.pem"), PUBLIC, StandardCharsets.US_ASCII);
        WeChatPayConfig c = config("1900000109", key.toString(), pub.toString(), V3, null);
        assertThat(new WeChatPayProvider(c).name()).isEqualTo("wechatpay");
        String broken = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n";
        assertThatThrownBy(() -> new WeChatPayProvider(config("1900000109", broken, PUBLIC, V3, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("merchantPrivateKey");
    }
}
