package org.shoptide.server.config;

/** The configuration is invalid; the message names the key and what is expected. */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
