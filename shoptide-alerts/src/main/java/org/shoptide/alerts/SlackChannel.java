package org.shoptide.alerts;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * Slack incoming webhook: {@code text} (the notification fallback) plus one header and one section block in mrkdwn
 * (Slack's markdown: bold is {@code *x*}); Slack answers HTTP 200 {@code ok}.
 */
public final class SlackChannel implements AlertChannel {
    private final URI url;
    private final Webhook webhook;

    public SlackChannel(URI url, Webhook webhook) {
        this.url = url;
        this.webhook = webhook;
    }

    @Override
    public String name() {
        return "slack";
    }

    @Override
    public void send(AlertMessage m) {
        String body = m.markdown().replace("**", "*");
        String header = m.title().length() > 150 ? m.title().substring(0, 150) : m.title();
        webhook.post(url,
                Map.of("text", m.title(), "blocks",
                        List.of(Map.of("type", "header", "text", Map.of("type", "plain_text", "text", header)),
                                Map.of("type", "section", "text", Map.of("type", "mrkdwn", "text", body)))),
                "Slack", false);
    }
}
