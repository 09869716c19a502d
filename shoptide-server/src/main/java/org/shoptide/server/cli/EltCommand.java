package org.shoptide.server.cli;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.shoptide.core.shop.ShopId;
import org.shoptide.elt.EltEraser;
import org.shoptide.elt.EltException;
import org.shoptide.elt.EltService;
import org.shoptide.elt.Lander;
import org.shoptide.elt.model.RunReport;
import org.shoptide.server.Logging;
import org.shoptide.server.config.ServerConfig;
import org.shoptide.server.elt.EltServices;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code shoptide elt}: the customer-360 ELT (docs/CUSTOMER360.md): load sources into the raw lake, run and test the
 * SQL models, show lineage, erase a customer. Runs beside the server (DuckDB in this process; the lake is files).
 */
@Command(name = "elt", mixinStandardHelpOptions = true, description = "Customer-360 ELT: load, run, test, status, erase.", subcommands = {
        EltCommand.Load.class, EltCommand.Run.class, EltCommand.Test.class, EltCommand.Status.class,
        EltCommand.Erase.class })
final class EltCommand implements Callable<Integer> {
    @CommandLine.ParentCommand
    ShoptideCli root;

    @Override
    public Integer call() {
        new CommandLine(this).usage(root.out());
        return 2;
    }

    EltService service() {
        ServerConfig c = root.config();
        Logging.configure(c.logFormat(), "WARN");
        return EltServices.create(c, root.clock(), root.env());
    }

    /** Runs {@code body}, printing an ELT or input error as one line on stderr (exit 1). */
    int guarded(Callable<Integer> body) throws Exception {
        try {
            return body.call();
        } catch (EltException | IllegalArgumentException e) {
            root.err().println("elt: " + e.getMessage());
            return 1;
        }
    }

    static LocalDate day(String s, EltCommand cmd) {
        return s == null ? LocalDate.ofInstant(cmd.root.clock().instant(), ZoneOffset.UTC) : LocalDate.parse(s);
    }

    static void print(EltCommand cmd, RunReport r) {
        for (RunReport.Built b : r.built()) {
            cmd.root.out().println(
                    "  " + b.model() + " v" + b.version() + ": " + b.rows() + " rows, tests passed " + b.testsPassed());
        }
        r.failure().ifPresent(f -> cmd.root.out().println("FAILED: " + f));
    }

    @Command(name = "load", mixinStandardHelpOptions = true, description = "Loads one source (or every source with consent) into the raw lake.")
    static final class Load implements Callable<Integer> {
        @CommandLine.ParentCommand
        EltCommand parent;

        @Option(names = "--shop", required = true)
        String shop;

        @Option(names = "--source", description = "One source of sources.json (default: all with consent).")
        String source;

        @Option(names = "--load-id", description = "Load id (idempotent: a committed id is a no-op; an unfinished one resumes). Default: the unfinished load, else the time.")
        String loadId;

        @Override
        public Integer call() throws Exception {
            return parent.guarded(() -> {
                EltService elt = parent.service();
                ShopId s = ShopId.of(shop);
                if (source == null) {
                    elt.loadAll(s).forEach(parent.root.out()::println);
                } else {
                    Lander.Outcome o = elt.load(s, source, Optional.ofNullable(loadId));
                    parent.root.out()
                            .println(source + ": load " + o.manifest().load() + ", " + o.manifest().rows() + " rows in "
                                    + o.manifest().files().size() + " files"
                                    + (o.alreadyCommitted() ? " (already committed, nothing done)" : ""));
                }
                return 0;
            });
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true, description = "Builds the SQL models, runs their data tests and publishes the marts if all pass.")
    static final class Run implements Callable<Integer> {
        @CommandLine.ParentCommand
        EltCommand parent;

        @Option(names = "--shop", required = true)
        String shop;

        @Option(names = "--as-of", paramLabel = "YYYY-MM-DD", description = "Reference day of recency and life events (default: today, UTC).")
        String asOf;

        @Override
        public Integer call() throws Exception {
            return parent.guarded(() -> {
                RunReport r = parent.service().run(ShopId.of(shop), day(asOf, parent));
                print(parent, r);
                parent.root.out()
                        .println(r.published() ? "published " + r.built().size() + " marts" : "nothing published");
                return r.published() ? 0 : 1;
            });
        }
    }

    @Command(name = "test", mixinStandardHelpOptions = true, description = "Builds the SQL models and runs their data tests without publishing (dry run).")
    static final class Test implements Callable<Integer> {
        @CommandLine.ParentCommand
        EltCommand parent;

        @Option(names = "--shop", required = true)
        String shop;

        @Option(names = "--as-of", paramLabel = "YYYY-MM-DD")
        String asOf;

        @Override
        public Integer call() throws Exception {
            return parent.guarded(() -> {
                RunReport r = parent.service().test(ShopId.of(shop), day(asOf, parent));
                print(parent, r);
                return r.failure().isEmpty() ? 0 : 1;
            });
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Lineage per source: loads, rows, last load, unfinished load.")
    static final class Status implements Callable<Integer> {
        @CommandLine.ParentCommand
        EltCommand parent;

        @Option(names = "--shop", required = true)
        String shop;

        @Override
        public Integer call() throws Exception {
            return parent.guarded(() -> {
                parent.service().status(ShopId.of(shop)).forEach(parent.root.out()::println);
                return 0;
            });
        }
    }

    @Command(name = "erase", mixinStandardHelpOptions = true, description = "Erases a customer from the raw lake and the marts (recorded in the lineage).")
    static final class Erase implements Callable<Integer> {
        @CommandLine.ParentCommand
        EltCommand parent;

        @Option(names = "--shop", required = true)
        String shop;

        @Option(names = "--user", description = "The shop's user id.")
        String user;

        @Option(names = "--email", description = "The e-mail address (hashed here with the shop's salt).")
        String email;

        @Override
        public Integer call() throws Exception {
            return parent.guarded(() -> {
                EltEraser.Erasure e = parent.service().erase(ShopId.of(shop), Optional.ofNullable(user),
                        Optional.ofNullable(email));
                parent.root.out().println("erased " + e.rowsRemoved() + " rows in " + e.filesRewritten() + " files");
                return 0;
            });
        }
    }
}
