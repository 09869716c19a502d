package org.shoptide.alerts;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Properties;

/**
 * E-mail over SMTP (RFC 5321) with Jakarta Mail (Eclipse Angus): plain-text UTF-8 message, subject = the title.
 * STARTTLS when asked ({@code required}: refuse to send in clear), authentication when a user is given.
 */
public final class EmailChannel implements AlertChannel {
    private final Settings settings;
    private final Session session;

    /**
     * Where and how to send.
     *
     * @param startTls
     *            {@code off}, {@code optional} (upgrade when offered) or {@code required}
     */
    public record Settings(String host, int port, String from, List<String> to, String username, String password,
            String startTls, Duration timeout) {
        public Settings {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(from, "from");
            to = List.copyOf(to);
            if (to.isEmpty()) {
                throw new IllegalArgumentException("at least one recipient");
            }
            if (!List.of("off", "optional", "required").contains(startTls)) {
                throw new IllegalArgumentException(
                        "startTls must be off, optional or required, got '" + startTls + "'");
            }
        }

        @Override
        public String toString() {
            return "Settings[host=" + host + ", port=" + port + ", from=" + from + ", to=" + to + ", username="
                    + username + ", password=" + (password == null ? "null" : "***") + ", startTls=" + startTls + "]";
        }
    }

    public EmailChannel(Settings settings) {
        this.settings = settings;
        Properties p = new Properties();
        p.setProperty("mail.smtp.host", settings.host());
        p.setProperty("mail.smtp.port", Integer.toString(settings.port()));
        p.setProperty("mail.smtp.auth", Boolean.toString(settings.username() != null));
        p.setProperty("mail.smtp.starttls.enable", Boolean.toString(!"off".equals(settings.startTls())));
        p.setProperty("mail.smtp.starttls.required", Boolean.toString("required".equals(settings.startTls())));
        String ms = Long.toString(settings.timeout().toMillis());
        p.setProperty("mail.smtp.connectiontimeout", ms);
        p.setProperty("mail.smtp.timeout", ms);
        p.setProperty("mail.smtp.writetimeout", ms);
        this.session = Session.getInstance(p);
    }

    @Override
    public String name() {
        return "email";
    }

    @Override
    public void send(AlertMessage m) {
        try {
            MimeMessage mail = new MimeMessage(session);
            mail.setFrom(new InternetAddress(settings.from(), true));
            for (String to : settings.to()) {
                mail.addRecipient(Message.RecipientType.TO, new InternetAddress(to, true));
            }
            mail.setSubject(m.title(), StandardCharsets.UTF_8.name());
            mail.setText(m.plainText(), StandardCharsets.UTF_8.name());
            if (settings.username() != null) {
                Transport.send(mail, settings.username(), settings.password());
            } else {
                Transport.send(mail);
            }
        } catch (AddressException e) {
            throw new AlertChannel.DeliveryException("e-mail address invalid: " + e.getMessage(), e);
        } catch (MessagingException e) {
            throw new AlertChannel.DeliveryException(
                    "SMTP " + settings.host() + ":" + settings.port() + " did not take the message: " + e.getMessage(),
                    e);
        }
    }
}
