package org.shoptide.engine.api;

/** The shop, item or user named in a call does not exist. */
public class NotFoundException extends RuntimeException {
    public NotFoundException(String message) {
        super(message);
    }
}
