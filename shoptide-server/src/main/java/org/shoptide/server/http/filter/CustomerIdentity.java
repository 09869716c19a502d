package org.shoptide.server.http.filter;

import io.javalin.http.Context;
import org.shoptide.core.shop.ApiKeyKind;
import org.shoptide.server.customer.CustomerTokens;
import org.shoptide.server.http.ApiProblem;

/**
 * Who the customer of a request is, for routes that read or change one customer's private data (orders, budgets,
 * conversation history, paying).
 * <p>
 * A secret key acts for the shop's backend and may name any customer. A publishable key travels in browsers and chat
 * widgets, so it names a customer only through a signed customer token in the {@value #HEADER} header (see
 * {@code docs/CUSTOMER-TOKENS.md}); without a valid token the call is refused with 401.
 */
public final class CustomerIdentity {
    /** The header that carries the customer token (a JWT the shop's backend signed). */
    public static final String HEADER = "X-Customer-Token";
    private static final String ATTR_TOKENS = "shoptide.customerTokens";

    private CustomerIdentity() {
    }

    /**
     * The customer the request may act for. A publishable-key caller's token is verified by {@link CustomerTokens}
     * (signature with an algorithm the shop allows, expiry, lifetime, audience, shop, subject); a problem names what
     * failed ({@code customer-token-expired}, {@code -signature}, {@code -audience}, ...) and never echoes the token.
     *
     * @param userId
     *            the customer the request names (path or body), or null when it names none
     *
     * @return the customer id: {@code userId} when the caller may act for it, else the token's subject when
     *         {@code userId} is null
     *
     * @throws ApiProblem
     *             401 without a valid token, 403 when the token names another customer than {@code userId}
     */
    public static String require(Context ctx, String userId) {
        Caller caller = Caller.of(ctx);
        if (caller.kind() == ApiKeyKind.SECRET) {
            if (userId == null || userId.isBlank()) {
                throw ApiProblem.badRequest("userId", "name the customer (userId) when calling with the secret key");
            }
            return userId;
        }
        String token = ctx.header(HEADER);
        CustomerTokens tokens = ctx.attribute(ATTR_TOKENS);
        if (caller.shop() == null || token == null || token.isBlank() || tokens == null) {
            throw new ApiProblem(401, "customer-token", "Customer token required",
                    "this call reads or changes one customer's data: send a token the shop's backend signed in the "
                            + HEADER + " header");
        }
        String subject;
        try {
            subject = tokens.verify(caller.shop(), token).subject();
        } catch (CustomerTokens.Refused e) {
            throw new ApiProblem(401, "customer-token-" + e.reason(), "Customer token refused", e.getMessage());
        }
        if (userId != null && !userId.isBlank() && !userId.equals(subject)) {
            throw new ApiProblem(403, "customer-token-subject", "Another customer",
                    "the customer token names another customer than this request");
        }
        return subject;
    }

    /** Makes {@code tokens} the verifier {@link #require} uses for this request (HttpApi does it for every request). */
    public static void attach(Context ctx, CustomerTokens tokens) {
        ctx.attribute(ATTR_TOKENS, tokens);
    }
}
