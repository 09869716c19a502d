package org.shoptide.server.http.filter;

/** Who may call a route. */
public enum Access {
    /** No key. */
    PUBLIC,
    /** The operator key. */
    OPERATOR,
    /** The operator key, or the secret key of the shop named in the path. */
    OPERATOR_OR_OWN_SECRET,
    /** A publishable or secret shop key. */
    PUBLISHABLE,
    /** A secret shop key. */
    SECRET
}
