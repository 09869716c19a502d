package org.shoptide.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import org.shoptide.server.config.ServerConfig;
import org.slf4j.LoggerFactory;

/** Applies {@code log.format} and {@code log.level} to logback at start-up. */
public final class Logging {
    private Logging() {
    }

    public static void configure(ServerConfig.LogFormat format, String level) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) {
            return; // another SLF4J backend: leave it alone
        }
        Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(level, Level.INFO));
        Encoder<ILoggingEvent> encoder;
        if (format == ServerConfig.LogFormat.TEXT) {
            PatternLayoutEncoder p = new PatternLayoutEncoder();
            p.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{24} - %msg %kvp%n%ex");
            encoder = p;
        } else {
            JsonEncoder j = new JsonEncoder();
            j.setWithFormattedMessage(true);
            j.setWithMessage(false);
            j.setWithArguments(false);
            j.setWithSequenceNumber(false);
            j.setWithNanoseconds(false);
            j.setWithContext(false);
            encoder = j;
        }
        encoder.setContext(ctx);
        encoder.start();
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(ctx);
        appender.setName("STDOUT");
        appender.setEncoder(encoder);
        appender.start();
        root.detachAndStopAllAppenders();
        root.addAppender(appender);
    }
}
