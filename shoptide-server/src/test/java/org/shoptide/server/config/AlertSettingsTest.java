package org.shoptide.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertSettingsTest {

    @Test
    void defaultsAreOnWithNoChannel() {
        AlertSettings a = ServerConfig.defaults().alerts();
        assertThat(a.enabled()).isTrue();
        assertThat(a.rules()).isNull();
        assertThat(a.evaluateEvery()).isEqualTo(Duration.ofSeconds(15));
        assertThat(a.repeatInterval()).isEqualTo(Duration.ofHours(4));
        assertThat(a.dingtalkUrl()).isNull();
        assertThat(a.smtpHost()).isNull();
        assertThat(a.smtpStartTls()).isEqualTo("optional");
    }

    @Test
    void channelsParseAndSecretsAreRedacted() {
        ServerConfig c = ServerConfig.fromMap(Map.of("alerts.dingtalk.url",
                "https://oapi.dingtalk.com/robot/send?access_token=tok-secret", "alerts.dingtalk.secret", "SECsecret",
                "alerts.smtp.host", "smtp.example", "alerts.smtp.port", "587", "alerts.smtp.from", "a@b.example",
                "alerts.smtp.to", "x@b.example, y@b.example", "alerts.smtp.password", "pw-secret"));
        assertThat(c.alerts().smtpTo()).containsExactly("x@b.example", "y@b.example");
        assertThat(c.alerts().smtpPort()).isEqualTo(587);
        assertThat(c.redacted().toString()).doesNotContain("tok-secret").doesNotContain("SECsecret")
                .doesNotContain("pw-secret");
        assertThat(c.alerts().toString()).doesNotContain("tok-secret").contains("dingtalk", "email");
    }

    @Test
    void badValuesNameTheKeyWithoutEchoingTokens() {
        assertThatThrownBy(() -> ServerConfig.fromMap(Map.of("alerts.smtp.host", "smtp.example")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("alerts.smtp.from");
        assertThatThrownBy(() -> ServerConfig.fromMap(Map.of("alerts.wecom.url", "ftp://x/?key=tok-secret")))
                .hasMessageContaining("alerts.wecom.url").hasMessageNotContaining("tok-secret");
        assertThatThrownBy(() -> ServerConfig.fromMap(Map.of("alerts.smtp.starttls", "maybe")))
                .hasMessageContaining("alerts.smtp.starttls");
        assertThatThrownBy(() -> ServerConfig.fromMap(Map.of("alerts.evaluate-seconds", "0")))
                .hasMessageContaining("alerts.evaluate-seconds");
        assertThatThrownBy(() -> ServerConfig.fromMap(Map.of("alerts.enabled", "yes")))
                .hasMessageContaining("alerts.enabled");
    }
}
