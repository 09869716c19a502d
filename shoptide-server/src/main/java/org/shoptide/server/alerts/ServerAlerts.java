package org.shoptide.server.alerts;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.shoptide.alerts.AlertChannel;
import org.shoptide.alerts.AlertNotifier;
import org.shoptide.alerts.AlertRule;
import org.shoptide.alerts.DingTalkChannel;
import org.shoptide.alerts.EmailChannel;
import org.shoptide.alerts.RuleSet;
import org.shoptide.alerts.SlackChannel;
import org.shoptide.alerts.WeComChannel;
import org.shoptide.alerts.Webhook;
import org.shoptide.core.port.AlertStore;
import org.shoptide.engine.api.Engine;
import org.shoptide.server.config.AlertSettings;
import org.shoptide.server.config.ConfigException;
import org.shoptide.server.config.ConfigKey;
import org.shoptide.server.http.Metrics;

/**
 * The built-in alert notifier as the server runs it: the rules of {@code alerts.rules} (or the shipped ones) over the
 * server's metrics registry, the channels configured under {@code alerts.*}, the alert store of the entity database.
 */
public final class ServerAlerts {
    /** Back-off of failed deliveries: 5 s, doubling, at most 10 min apart, 12 attempts (about an hour). */
    static final Duration RETRY_BASE = Duration.ofSeconds(5);
    static final Duration RETRY_MAX = Duration.ofMinutes(10);
    static final int MAX_ATTEMPTS = 12;
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(10);

    private ServerAlerts() {
    }

    /** The notifier (not started); fails start-up with a clear message when the rule file is bad. */
    public static AlertNotifier notifier(AlertSettings s, AlertStore store, Metrics metrics, Engine engine,
            Clock clock) {
        List<AlertRule> rules;
        try {
            rules = s.rules() == null ? RuleSet.shipped() : RuleSet.load(s.rules());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(ConfigKey.ALERTS_RULES.name() + ": " + e.getMessage());
        }
        return new AlertNotifier(rules, metrics.registry(), store, channels(s, clock), clock,
                new AlertNotifier.Settings(s.evaluateEvery(), s.repeatInterval(), RETRY_BASE, RETRY_MAX, MAX_ATTEMPTS),
                () -> metrics.refresh(engine));
    }

    static List<AlertChannel> channels(AlertSettings s, Clock clock) {
        Webhook webhook = new Webhook(
                HttpClient.newBuilder().connectTimeout(HTTP_TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build(),
                HTTP_TIMEOUT);
        List<AlertChannel> out = new ArrayList<>();
        if (s.dingtalkUrl() != null) {
            out.add(new DingTalkChannel(s.dingtalkUrl(), s.dingtalkSecret(), webhook, clock));
        }
        if (s.wecomUrl() != null) {
            out.add(new WeComChannel(s.wecomUrl(), webhook));
        }
        if (s.slackUrl() != null) {
            out.add(new SlackChannel(s.slackUrl(), webhook));
        }
        if (s.smtpHost() != null) {
            out.add(new EmailChannel(new EmailChannel.Settings(s.smtpHost(), s.smtpPort(), s.smtpFrom(), s.smtpTo(),
                    s.smtpUsername(), s.smtpPassword(), s.smtpStartTls(), HTTP_TIMEOUT)));
        }
        return out;
    }
}
