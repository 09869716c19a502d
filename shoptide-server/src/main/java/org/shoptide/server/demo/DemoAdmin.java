package org.shoptide.server.demo;

import org.shoptide.server.admin.auth.AdminAccounts;
import org.shoptide.server.admin.auth.Tokens;

/**
 * The demo's operator account {@value #USER}. On the first start (no operator account at all) it is created with the
 * password from {@value #PASSWORD_ENV} or a generated one. On a later start its password is reset when the user asks
 * ({@code shoptide demo --reset-admin-password}) or sets {@value #PASSWORD_ENV}: a forgotten password is never a dead
 * end.
 */
public final class DemoAdmin {
    /** Environment variable with the demo operator's password (else one is generated and printed once). */
    public static final String PASSWORD_ENV = "SHOPTIDE_DEMO_ADMIN_PASSWORD";
    public static final String USER = "admin";

    /** What happened to the account: {@code password} is the plaintext to print, null when it was left alone. */
    public record Outcome(String password, boolean reset) {
    }

    private DemoAdmin() {
    }

    /**
     * Creates or resets the account as described above. {@code password} is the value of {@value #PASSWORD_ENV} (null
     * or empty when unset).
     */
    public static Outcome ensure(AdminAccounts accounts, String password, boolean resetRequested) {
        boolean chosen = password != null && !password.isEmpty();
        String pw = chosen ? password : Tokens.random256().substring(0, 20);
        if (accounts.list().isEmpty()) {
            accounts.create(USER, pw);
            return new Outcome(pw, false);
        }
        if (!resetRequested && !chosen) {
            return new Outcome(null, false);
        }
        if (accounts.resetPassword(USER, pw)) {
            return new Outcome(pw, true);
        }
        accounts.create(USER, pw);
        return new Outcome(pw, false);
    }
}
