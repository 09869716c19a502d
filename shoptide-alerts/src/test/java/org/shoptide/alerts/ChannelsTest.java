package org.shoptide.alerts;

import java.net.ServerSocket;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Each channel against a local fake of its far side. */
class ChannelsTest {
    static final Instant NOW = Instant.parse("2026-12-07T16:30:00Z");
    static final AlertMessage FIRING = new AlertMessage("ShoptideIngestErrors", "firing", "critical",
            "Event ingest is failing for shop 鞋店", "3 batches failed", Map.of("shop", "鞋店"), 3, NOW, null,
            "https://example.org/OPERATIONS.md#shoptideingesterrors");
    final Webhook webhook = new Webhook(HttpClient.newHttpClient(), Duration.ofSeconds(5));

    /** DingTalk's documented algorithm, written out independently of the channel. */
    static String expectedSign(long timestamp, String secret) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Base64.getEncoder()
                .encodeToString(mac.doFinal((timestamp + "\n" + secret).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void dingTalkSignsEachCallAndSendsMarkdown() throws Exception {
        try (FakeRobot robot = new FakeRobot("/robot/send")) {
            String secret = "SECabc123+/=xyz";
            Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
            new DingTalkChannel(robot.url("/robot/send?access_token=tok"), secret, webhook, clock).send(FIRING);
            FakeRobot.Call call = robot.calls.get(0);
            assertThat(call.query()).containsEntry("access_token", "tok").containsEntry("timestamp",
                    Long.toString(NOW.toEpochMilli()));
            assertThat(call.query().get("sign")).isEqualTo(expectedSign(NOW.toEpochMilli(), secret));
            assertThat(call.body().path("msgtype").asText()).isEqualTo("markdown");
            assertThat(call.body().path("markdown").path("title").asText()).isEqualTo(FIRING.title());
            assertThat(call.body().path("markdown").path("text").asText()).contains("鞋店").contains("3 batches failed")
                    .contains("shoptideingesterrors");
        }
    }

    @Test
    void dingTalkRefusalIsADeliveryFailureWithoutTheToken() throws Exception {
        try (FakeRobot robot = new FakeRobot("/robot/send")) {
            robot.answer.set(c -> new FakeRobot.Answer(200, "{\"errcode\":310000,\"errmsg\":\"sign not match\"}"));
            DingTalkChannel ch = new DingTalkChannel(robot.url("/robot/send?access_token=s3cret-token"), "SECx",
                    webhook, Clock.systemUTC());
            assertThatThrownBy(() -> ch.send(FIRING)).isInstanceOf(AlertChannel.DeliveryException.class)
                    .hasMessageContaining("310000").hasMessageContaining("sign not match")
                    .hasMessageNotContaining("s3cret-token");
            robot.answer.set(c -> new FakeRobot.Answer(503, "busy"));
            assertThatThrownBy(() -> ch.send(FIRING)).hasMessageContaining("HTTP 503");
        }
    }

    @Test
    void weComSendsMarkdownContent() throws Exception {
        try (FakeRobot robot = new FakeRobot("/cgi-bin/webhook/send")) {
            new WeComChannel(robot.url("/cgi-bin/webhook/send?key=k1"), webhook).send(FIRING);
            FakeRobot.Call call = robot.calls.get(0);
            assertThat(call.query()).containsEntry("key", "k1");
            assertThat(call.body().path("msgtype").asText()).isEqualTo("markdown");
            assertThat(call.body().path("markdown").path("content").asText()).startsWith("**[FIRING] critical")
                    .contains("鞋店");
            robot.answer.set(c -> new FakeRobot.Answer(200, "{\"errcode\":93000,\"errmsg\":\"invalid webhook url\"}"));
            assertThatThrownBy(() -> new WeComChannel(robot.url("/cgi-bin/webhook/send?key=k1"), webhook).send(FIRING))
                    .hasMessageContaining("93000");
        }
    }

    @Test
    void slackSendsTextAndBlocks() throws Exception {
        try (FakeRobot robot = new FakeRobot("/services/T/B/X")) {
            robot.answer.set(c -> new FakeRobot.Answer(200, "ok"));
            AlertMessage resolved = new AlertMessage("ShoptideIngestErrors", "resolved", "critical", "fine again", "",
                    Map.of("shop", "s1"), 0, NOW, NOW.plusSeconds(300), "");
            new SlackChannel(robot.url("/services/T/B/X"), webhook).send(resolved);
            FakeRobot.Call call = robot.calls.get(0);
            assertThat(call.body().path("text").asText()).isEqualTo(resolved.title()).startsWith("[RESOLVED]");
            assertThat(call.body().path("blocks").get(0).path("type").asText()).isEqualTo("header");
            assertThat(call.body().path("blocks").get(1).path("text").path("type").asText()).isEqualTo("mrkdwn");
            assertThat(call.body().path("blocks").get(1).path("text").path("text").asText()).startsWith("*[RESOLVED]")
                    .contains("resolved at: " + NOW.plusSeconds(300));
            robot.answer.set(c -> new FakeRobot.Answer(404, "no_service"));
            assertThatThrownBy(() -> new SlackChannel(robot.url("/services/T/B/X"), webhook).send(resolved))
                    .hasMessageContaining("HTTP 404").hasMessageContaining("no_service");
        }
    }

    @Test
    void emailGoesOverSmtpWithAuthentication() throws Exception {
        GreenMail smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        try {
            smtp.setUser("alerts@shop.example", "robot", "pw-123");
            int port = smtp.getSmtp().getPort();
            new EmailChannel(new EmailChannel.Settings("127.0.0.1", port, "alerts@shop.example",
                    List.of("ops@shop.example", "oncall@shop.example"), "robot", "pw-123", "off",
                    Duration.ofSeconds(5))).send(FIRING);
            MimeMessage[] received = smtp.getReceivedMessages();
            assertThat(received).hasSize(2);
            assertThat(received[0].getSubject()).isEqualTo(FIRING.title());
            assertThat(received[0].getContent().toString()).contains("鞋店").contains("Runbook:");
            assertThat(received[0].getFrom()[0].toString()).isEqualTo("alerts@shop.example");
        } finally {
            smtp.stop();
        }
    }

    @Test
    void emailToAnUnreachableServerIsADeliveryFailure() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        EmailChannel ch = new EmailChannel(new EmailChannel.Settings("127.0.0.1", closed, "a@b.example",
                List.of("c@d.example"), null, null, "optional", Duration.ofSeconds(2)));
        assertThatThrownBy(() -> ch.send(FIRING)).isInstanceOf(AlertChannel.DeliveryException.class)
                .hasMessageContaining("did not take the message");
    }
}
