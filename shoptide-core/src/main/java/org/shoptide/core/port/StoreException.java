package org.shoptide.core.port;

/** A store or log could not do what was asked because of an infrastructure failure. */
public class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
