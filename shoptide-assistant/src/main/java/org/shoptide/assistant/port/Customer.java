package org.shoptide.assistant.port;

/**
 * Who is talking to the assistant: a known customer ({@code userId}) or an anonymous visitor ({@code anonymousId}).
 * Exactly one of the two is set.
 */
public record Customer(String userId, String anonymousId) {

    public Customer {
        boolean user = userId != null && !userId.isBlank();
        boolean anonymous = anonymousId != null && !anonymousId.isBlank();
        if (user == anonymous) {
            throw new IllegalArgumentException("name the customer by exactly one of userId and anonymousId");
        }
    }

    public static Customer user(String userId) {
        return new Customer(userId, null);
    }

    public static Customer anonymous(String anonymousId) {
        return new Customer(null, anonymousId);
    }

    /** The id events and rankings are keyed by. */
    public String subject() {
        return userId != null ? userId : anonymousId;
    }
}
