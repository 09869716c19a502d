package org.shoptide.elt;

/** A load, model run or erasure that cannot go on; the message says why and what to fix. */
public class EltException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public EltException(String message) {
        super(message);
    }

    public EltException(String message, Throwable cause) {
        super(message, cause);
    }
}
