package org.shoptide.trade;

import java.util.function.Supplier;
import org.shoptide.core.port.PaymentProvider.PaymentException;

/** Repeats a provider call whose outcome is unknown ({@link PaymentException#retryable()}) with the same ids. */
final class Retry {
    private Retry() {
    }

    /**
     * Runs {@code call} up to {@code attempts} times while it throws a retryable {@link PaymentException}.
     *
     * @throws TradeException
     *             {@link TradeException.Kind#UNAVAILABLE} when every attempt timed out; the same request may be sent
     *             again later
     * @throws PaymentException
     *             when the provider refused (not retryable)
     */
    static <T> T provider(int attempts, String what, Supplier<T> call) {
        PaymentException last = null;
        for (int i = 0; i < attempts; i++) {
            try {
                return call.get();
            } catch (PaymentException e) {
                if (!e.retryable()) {
                    throw e;
                }
                last = e;
            }
        }
        throw new TradeException(TradeException.Kind.UNAVAILABLE, null,
                "the payment provider did not answer " + what + " after " + attempts + " attempts ("
                        + (last == null ? "" : last.getMessage()) + "); retry the same request");
    }
}
