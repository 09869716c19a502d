package org.shoptide.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.util.FileSize;
import java.nio.file.Path;
import org.shoptide.server.config.ServerConfig;
import org.slf4j.LoggerFactory;

/**
 * Applies {@code log.format} and {@code log.level} to logback at start-up, and can move the access log (logger
 * {@value #ACCESS_LOGGER}, one JSON object per request) from stdout into a rolling file under the data dir.
 */
public final class Logging {
    /** The logger of the HTTP access log. */
    public static final String ACCESS_LOGGER = "shoptide.access";
    /** The access log file's size before it is rolled to {@code access.1.log} .. {@code access.5.log}. */
    static final String ACCESS_LOG_MAX_SIZE = "10MB";
    static final int ACCESS_LOG_FILES = 5;

    private Logging() {
    }

    public static void configure(ServerConfig.LogFormat format, String level) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) {
            return; // another SLF4J backend: leave it alone
        }
        Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(level, Level.INFO));
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(ctx);
        appender.setName("STDOUT");
        appender.setEncoder(encoder(ctx, format));
        appender.start();
        root.detachAndStopAllAppenders();
        root.addAppender(appender);
    }

    /**
     * Writes the access log to {@code <dataDir>/logs/access.log} (JSON lines, rolled at {@value #ACCESS_LOG_MAX_SIZE},
     * {@value #ACCESS_LOG_FILES} old files kept) instead of the console, so that what a command prints for its user
     * stays readable. Returns the file; null when logback is not the SLF4J backend.
     */
    public static Path accessLogToFile(Path dataDir) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) {
            return null;
        }
        Path dir = dataDir.toAbsolutePath().resolve("logs");
        Path file = dir.resolve("access.log");
        RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
        appender.setContext(ctx);
        appender.setName("ACCESS_FILE");
        appender.setFile(file.toString());
        FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
        rolling.setContext(ctx);
        rolling.setParent(appender);
        rolling.setFileNamePattern(dir.resolve("access.%i.log").toString());
        rolling.setMinIndex(1);
        rolling.setMaxIndex(ACCESS_LOG_FILES);
        rolling.start();
        SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
        trigger.setContext(ctx);
        trigger.setMaxFileSize(FileSize.valueOf(ACCESS_LOG_MAX_SIZE));
        trigger.start();
        appender.setRollingPolicy(rolling);
        appender.setTriggeringPolicy(trigger);
        appender.setEncoder(encoder(ctx, ServerConfig.LogFormat.JSON));
        appender.start();
        Logger access = ctx.getLogger(ACCESS_LOGGER);
        access.detachAndStopAllAppenders();
        access.addAppender(appender);
        access.setAdditive(false);
        return file;
    }

    private static Encoder<ILoggingEvent> encoder(LoggerContext ctx, ServerConfig.LogFormat format) {
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
        return encoder;
    }
}
