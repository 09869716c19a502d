package org.shoptide.engine.api;

/** The call is valid but conflicts with the current state (an experiment already started, another one running). */
public class ConflictException extends RuntimeException {
    public ConflictException(String message) {
        super(message);
    }
}
