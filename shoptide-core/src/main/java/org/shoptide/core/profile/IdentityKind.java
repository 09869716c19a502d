package org.shoptide.core.profile;

import java.util.Locale;

/** The kinds of identifier the identity graph links; {@link #code()} is the stored and API form. */
public enum IdentityKind {
    /** A shop's user id. */
    USER,
    /** Hex SHA-256 of the per-shop salt and the normalised e-mail (see {@link CustomerRow.CustomerKeys}). */
    EMAIL_SHA256,
    /** Hex SHA-256 of the per-shop salt and the normalised phone number. */
    PHONE_SHA256,
    /** A visitor's anonymous id (the tracker's cookie id). */
    ANONYMOUS,
    /** A device id (an app install, a point-of-sale terminal). */
    DEVICE;

    /** The lower-case form stored and used in the API ({@code email_sha256}). */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True for the kinds the engine's alias mechanism maps to a user (anonymous and device ids). */
    public boolean aliasable() {
        return this == ANONYMOUS || this == DEVICE;
    }

    /**
     * The kind of a {@link #code()}.
     *
     * @throws IllegalArgumentException
     *             naming the accepted codes
     */
    public static IdentityKind of(String code) {
        for (IdentityKind k : values()) {
            if (k.code().equals(code)) {
                return k;
            }
        }
        throw new IllegalArgumentException(
                "identity kind must be one of user, email_sha256, phone_sha256, anonymous, device; was " + code);
    }
}
