package org.shoptide.assistant;

/**
 * Tunables of the assistant.
 *
 * @param n
 *            products per answer (1..20)
 * @param candidates
 *            lexical candidates handed to personal ranking (n..1000)
 */
public record AssistantOptions(int n, int candidates) {
    public static final AssistantOptions DEFAULTS = new AssistantOptions(5, 200);

    public AssistantOptions {
        if (n < 1 || n > 20) {
            throw new IllegalArgumentException("n must be between 1 and 20, got " + n);
        }
        if (candidates < n || candidates > 1000) {
            throw new IllegalArgumentException("candidates must be between n and 1000, got " + candidates);
        }
    }
}
