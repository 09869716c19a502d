package org.shoptide.engine;

import java.util.concurrent.CompletionException;
import org.shoptide.core.port.StoreException;

/** What a failed event log append is reported as: the store's own exception, else one wrapping the cause. */
final class AppendFailure {
    private AppendFailure() {
    }

    static StoreException of(RuntimeException e, String message) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        return cause instanceof StoreException se ? se : new StoreException(message, cause);
    }
}
