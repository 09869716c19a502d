package org.shoptide.alerts;

/** Where messages go: a chat robot webhook or e-mail. {@link #send} returns once the far side accepted the message. */
public interface AlertChannel {

    /** The channel's name in the outbox and the configuration ({@code dingtalk}, {@code wecom}, {@code slack}, ...). */
    String name();

    /**
     * Sends one message.
     *
     * @throws DeliveryException
     *             when the far side did not accept it (the notifier retries with back-off)
     */
    void send(AlertMessage message);

    /** A message was not accepted; the text says why, never echoing a secret. */
    final class DeliveryException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public DeliveryException(String message, Throwable cause) {
            super(message, cause);
        }

        public DeliveryException(String message) {
            super(message);
        }
    }
}
