package org.shoptide.server.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.shoptide.core.port.AdminAccountStore.AdminAccount;
import org.shoptide.server.Composition;
import org.shoptide.server.Logging;
import org.shoptide.server.admin.auth.AdminAccounts;
import org.shoptide.server.admin.auth.PasswordHasher;
import org.shoptide.server.config.ServerConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code shoptide admin}: operator accounts of the dashboard at {@code /admin} (server stopped: the database is opened
 * directly). Passwords are read from standard input, never from the command line, and stored as Argon2id hashes.
 */
@Command(name = "admin", mixinStandardHelpOptions = true, description = "Manages operator accounts of the /admin dashboard (server stopped).", subcommands = {
        AdminCommand.AddUser.class, AdminCommand.ListUsers.class, AdminCommand.DeleteUser.class })
final class AdminCommand implements Callable<Integer> {
    @CommandLine.ParentCommand
    ShoptideCli root;

    @Override
    public Integer call() {
        new CommandLine(this).usage(root.out());
        return 2;
    }

    static AdminAccounts accounts(ShoptideCli root, Composition comp, ServerConfig c) {
        ServerConfig.AdminSettings a = c.admin();
        return new AdminAccounts(comp.adminAccounts(), PasswordHasher.OWASP, root.clock(), a.lockoutFailures(),
                a.lockoutWindow(), a.lockout());
    }

    @Command(name = "add-user", mixinStandardHelpOptions = true, description = "Creates an operator account; the password is read from standard input.")
    static final class AddUser implements Callable<Integer> {
        @CommandLine.ParentCommand
        AdminCommand parent;

        @Option(names = "--username", required = true, description = "1-64 letters, digits, '.', '_', '@' or '-'.")
        String username;

        @Option(names = "--password-stdin", required = true, description = "Read the password (first line, at least "
                + AdminAccounts.MIN_PASSWORD + " characters) from standard input.")
        boolean passwordStdin;

        @Override
        public Integer call() throws IOException {
            ShoptideCli root = parent.root;
            AdminAccounts.requireUsername(username);
            String password = new BufferedReader(new InputStreamReader(root.in(), StandardCharsets.UTF_8)).readLine();
            if (password == null || password.isEmpty()) {
                throw new IllegalArgumentException("no password on standard input");
            }
            ServerConfig c = root.config();
            Logging.configure(c.logFormat(), "WARN");
            try (Composition comp = root.openComposition(c)) {
                accounts(root, comp, c).create(username, password);
                root.out().println("Created operator account '" + username + "'.");
                return 0;
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists operator accounts.")
    static final class ListUsers implements Callable<Integer> {
        @CommandLine.ParentCommand
        AdminCommand parent;

        @Override
        public Integer call() {
            ShoptideCli root = parent.root;
            ServerConfig c = root.config();
            Logging.configure(c.logFormat(), "WARN");
            try (Composition comp = root.openComposition(c)) {
                for (AdminAccount a : comp.adminAccounts().list()) {
                    var t = comp.adminAccounts().throttle(a.username());
                    root.out().printf(Locale.ROOT, "%-32s created %s%s%n", a.username(), a.createdAt(),
                            t.lockedAt(root.clock().instant()) ? ", locked until " + t.lockedUntil() : "");
                }
                return 0;
            }
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Deletes an operator account.")
    static final class DeleteUser implements Callable<Integer> {
        @CommandLine.ParentCommand
        AdminCommand parent;

        @Option(names = "--username", required = true)
        String username;

        @Override
        public Integer call() {
            ShoptideCli root = parent.root;
            ServerConfig c = root.config();
            Logging.configure(c.logFormat(), "WARN");
            try (Composition comp = root.openComposition(c)) {
                if (!comp.adminAccounts().delete(username)) {
                    throw new IllegalArgumentException("no operator account named '" + username + "'");
                }
                root.out().println("Deleted operator account '" + username + "'.");
                return 0;
            }
        }
    }
}
