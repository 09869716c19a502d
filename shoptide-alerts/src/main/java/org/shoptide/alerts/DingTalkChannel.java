package org.shoptide.alerts;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * DingTalk custom robot ("自定义机器人") with the "加签" security setting: each call carries {@code timestamp} (milliseconds)
 * and {@code sign} = URL-encoded Base64 of HmacSHA256(key = secret, data = timestamp + "\n" + secret) as query
 * parameters; the body is {@code {"msgtype":"markdown","markdown":{"title":..,"text":..}}}, and the robot answers
 * {@code {"errcode":0}} when it took the message.
 */
public final class DingTalkChannel implements AlertChannel {
    private final URI url;
    private final String secret;
    private final Webhook webhook;
    private final Clock clock;

    /**
     * A channel to one robot.
     *
     * @param url
     *            the robot's webhook ({@code https://oapi.dingtalk.com/robot/send?access_token=...})
     * @param secret
     *            the robot's signing secret ({@code SEC...}); null for a robot secured by keyword or IP only
     */
    public DingTalkChannel(URI url, String secret, Webhook webhook, Clock clock) {
        this.url = url;
        this.secret = secret;
        this.webhook = webhook;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "dingtalk";
    }

    @Override
    public void send(AlertMessage m) {
        URI target = url;
        if (secret != null) {
            long timestamp = clock.millis();
            String query = "timestamp=" + timestamp + "&sign=" + sign(timestamp, secret);
            target = URI.create(url + (url.getRawQuery() == null ? "?" : "&") + query);
        }
        webhook.post(target,
                Map.of("msgtype", "markdown", "markdown", Map.of("title", m.title(), "text", m.markdown())), "DingTalk",
                true);
    }

    /** DingTalk's signature of {@code timestamp}, URL-encoded. */
    public static String sign(long timestamp, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] h = mac.doFinal((timestamp + "\n" + secret).getBytes(StandardCharsets.UTF_8));
            return URLEncoder.encode(Base64.getEncoder().encodeToString(h), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
