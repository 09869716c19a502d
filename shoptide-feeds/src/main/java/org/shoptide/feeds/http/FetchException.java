package org.shoptide.feeds.http;

/**
 * A fetch that failed for good (after its retries): the message names the URL and the reason an operator can act on
 * ("HTTP 500 after 4 attempts", "response larger than 1048576 bytes", "no response headers within PT30S").
 */
public final class FetchException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String url;
    private final int status;

    public FetchException(String url, String message) {
        this(url, -1, message);
    }

    /** A failure whose last response had HTTP {@code status} (-1: none, an I/O error or a limit). */
    public FetchException(String url, int status, String message) {
        super(url + ": " + message);
        this.url = url;
        this.status = status;
    }

    /** The status of the last response, or -1 when the failure was not an HTTP status. */
    public int status() {
        return status;
    }

    /** The URL that failed. */
    public String url() {
        return url;
    }
}
