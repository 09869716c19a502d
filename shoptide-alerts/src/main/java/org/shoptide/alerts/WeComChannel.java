package org.shoptide.alerts;

import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.util.Map;

/**
 * WeCom (企业微信) group robot: {@code {"msgtype":"markdown","markdown":{"content":..}}} to its webhook (the key is in the
 * URL, so the URL is a secret); it answers {@code {"errcode":0}} when it took the message. WeCom markdown caps the
 * content at 4096 bytes: longer messages are cut.
 */
public final class WeComChannel implements AlertChannel {
    static final int MAX_BYTES = 4096;
    private final URI url;
    private final Webhook webhook;

    public WeComChannel(URI url, Webhook webhook) {
        this.url = url;
        this.webhook = webhook;
    }

    @Override
    public String name() {
        return "wecom";
    }

    @Override
    public void send(AlertMessage m) {
        String content = m.markdown();
        while (content.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            content = content.substring(0, content.length() - 64);
        }
        webhook.post(url, Map.of("msgtype", "markdown", "markdown", Map.of("content", content)), "WeCom", true);
    }
}
