package org.shoptide.server.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Settings of the built-in alert notifier ({@code alerts.*}); parsed here rather than in {@link ServerConfig} so the
 * notifier's keys change in one place.
 *
 * @param rules
 *            the rule file, or null for the shipped rules
 * @param dingtalkUrl
 *            null when DingTalk is off; likewise the other channels
 * @param smtpTo
 *            empty when e-mail is off
 */
public record AlertSettings(boolean enabled, Path rules, Duration evaluateEvery, Duration repeatInterval,
        URI dingtalkUrl, String dingtalkSecret, URI wecomUrl, URI slackUrl, String smtpHost, int smtpPort,
        String smtpFrom, List<String> smtpTo, String smtpUsername, String smtpPassword, String smtpStartTls) {

    public AlertSettings {
        smtpTo = List.copyOf(smtpTo);
    }

    static AlertSettings parse(Map<String, String> v) {
        String rules = v.get(ConfigKey.ALERTS_RULES.name());
        String host = v.get(ConfigKey.ALERTS_SMTP_HOST.name());
        List<String> to = Arrays.stream(v.get(ConfigKey.ALERTS_SMTP_TO.name()).split(",")).map(String::trim)
                .filter(s -> !s.isEmpty()).toList();
        String from = v.get(ConfigKey.ALERTS_SMTP_FROM.name());
        if (!host.isEmpty() && (from.isEmpty() || to.isEmpty())) {
            throw new ConfigException(ConfigKey.ALERTS_SMTP_FROM.name() + " and " + ConfigKey.ALERTS_SMTP_TO.name()
                    + " are required with " + ConfigKey.ALERTS_SMTP_HOST.name());
        }
        String startTls = v.get(ConfigKey.ALERTS_SMTP_STARTTLS.name());
        if (!Set.of("off", "optional", "required").contains(startTls)) {
            throw new ConfigException(ConfigKey.ALERTS_SMTP_STARTTLS.name()
                    + " must be off, optional or required, got '" + startTls + "'");
        }
        String enabled = v.get(ConfigKey.ALERTS_ENABLED.name());
        if (!enabled.equals("true") && !enabled.equals("false")) {
            throw new ConfigException(
                    ConfigKey.ALERTS_ENABLED.name() + " must be true or false, got '" + enabled + "'");
        }
        String user = v.get(ConfigKey.ALERTS_SMTP_USERNAME.name());
        String secret = v.get(ConfigKey.ALERTS_DINGTALK_SECRET.name());
        return new AlertSettings(Boolean.parseBoolean(enabled), rules.isEmpty() ? null : Path.of(rules),
                Duration.ofSeconds(intIn(v, ConfigKey.ALERTS_EVALUATE_SECONDS, 1, 3600)),
                Duration.ofMinutes(intIn(v, ConfigKey.ALERTS_REPEAT_MINUTES, 1, 7 * 24 * 60)),
                url(v, ConfigKey.ALERTS_DINGTALK_URL), secret.isEmpty() ? null : secret,
                url(v, ConfigKey.ALERTS_WECOM_URL), url(v, ConfigKey.ALERTS_SLACK_URL), host.isEmpty() ? null : host,
                intIn(v, ConfigKey.ALERTS_SMTP_PORT, 1, 65535), from, host.isEmpty() ? List.of() : to,
                user.isEmpty() ? null : user, v.get(ConfigKey.ALERTS_SMTP_PASSWORD.name()), startTls);
    }

    /** The effective values as text, secrets redacted, in key order. */
    void redact(Map<String, String> m) {
        m.put(ConfigKey.ALERTS_ENABLED.name(), Boolean.toString(enabled));
        m.put(ConfigKey.ALERTS_RULES.name(), rules == null ? "" : rules.toString());
        m.put(ConfigKey.ALERTS_EVALUATE_SECONDS.name(), Long.toString(evaluateEvery.toSeconds()));
        m.put(ConfigKey.ALERTS_REPEAT_MINUTES.name(), Long.toString(repeatInterval.toMinutes()));
        m.put(ConfigKey.ALERTS_DINGTALK_URL.name(), dingtalkUrl == null ? "" : "***");
        m.put(ConfigKey.ALERTS_DINGTALK_SECRET.name(), dingtalkSecret == null ? "" : "***");
        m.put(ConfigKey.ALERTS_WECOM_URL.name(), wecomUrl == null ? "" : "***");
        m.put(ConfigKey.ALERTS_SLACK_URL.name(), slackUrl == null ? "" : "***");
        m.put(ConfigKey.ALERTS_SMTP_HOST.name(), smtpHost == null ? "" : smtpHost);
        m.put(ConfigKey.ALERTS_SMTP_PORT.name(), Integer.toString(smtpPort));
        m.put(ConfigKey.ALERTS_SMTP_FROM.name(), smtpFrom);
        m.put(ConfigKey.ALERTS_SMTP_TO.name(), String.join(",", smtpTo));
        m.put(ConfigKey.ALERTS_SMTP_USERNAME.name(), smtpUsername == null ? "" : smtpUsername);
        m.put(ConfigKey.ALERTS_SMTP_PASSWORD.name(), smtpPassword.isEmpty() ? "" : "***");
        m.put(ConfigKey.ALERTS_SMTP_STARTTLS.name(), smtpStartTls);
    }

    @Override
    public String toString() {
        return "AlertSettings[enabled=" + enabled + ", rules=" + rules + ", channels="
                + (dingtalkUrl != null ? "dingtalk " : "") + (wecomUrl != null ? "wecom " : "")
                + (slackUrl != null ? "slack " : "") + (smtpHost != null ? "email" : "") + "]";
    }

    private static URI url(Map<String, String> v, ConfigKey k) {
        String text = v.get(k.name());
        if (text.isEmpty()) {
            return null;
        }
        try {
            URI u = new URI(text);
            if ((!"http".equals(u.getScheme()) && !"https".equals(u.getScheme())) || u.getHost() == null) {
                throw new ConfigException(k.name() + " must be an http(s) URL");
            }
            return u;
        } catch (URISyntaxException e) {
            throw new ConfigException(k.name() + " is not a URL"); // the URL holds a token: never echo it
        }
    }

    private static int intIn(Map<String, String> v, ConfigKey k, int min, int max) {
        String text = v.get(k.name());
        try {
            int n = Integer.parseInt(text);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException(k.name() + " must be an integer from " + min + " to " + max + ", got '" + text + "'");
    }
}
