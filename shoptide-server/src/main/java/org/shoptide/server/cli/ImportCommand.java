package org.shoptide.server.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.shoptide.server.Composition;
import org.shoptide.server.Logging;
import org.shoptide.server.config.ServerConfig;
import org.shoptide.server.importer.Importer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code shoptide import}: bulk import of events or items from a file into a shop on the data dir, all or nothing
 * ({@link Importer}); prints every rejected line and field, or what was stored.
 */
@Command(name = "import", mixinStandardHelpOptions = true, description = {
        "Imports events or items from a CSV or JSON-lines file, all or nothing.",
        "Works directly on the data dir: stop the server first (the event log and database are locked).",
        "The whole file is validated first, in one pass: every bad line and field is reported and nothing is written.",
        "Events without an eventId get import:<file sha256 prefix>:<line>, so re-running the same "
                + "file after a crash in the write phase skips what was stored and adds the rest.",
        "Several files are imported one after the other with the engine opened once (one log replay, not one "
                + "per file); each file is all or nothing, and the first rejected file stops the run." })
final class ImportCommand implements Callable<Integer> {
    @CommandLine.ParentCommand
    ShoptideCli root;

    @Option(names = "--shop", required = true, description = "Shop id.")
    String shop;

    @Option(names = "--kind", required = true, description = "events or items.")
    String kind;

    @Option(names = "--format", description = "csv or jsonl (default: from the file extension).")
    String format;

    @Option(names = "--id-prefix", description = "Prefix of generated event ids (default import:<sha256 prefix of FILE>);"
            + " give the one reported by an interrupted run to resume it with an edited file.")
    String idPrefix;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "The file(s) to import, in order.")
    List<Path> files;

    @Override
    public Integer call() throws Exception {
        Importer.Kind k = switch (kind.toLowerCase(Locale.ROOT)) {
            case "events" -> Importer.Kind.EVENTS;
            case "items" -> Importer.Kind.ITEMS;
            default -> throw new IllegalArgumentException("--kind must be events or items");
        };
        if (idPrefix != null && files.size() > 1) {
            throw new IllegalArgumentException("--id-prefix resumes one file; give one FILE with it");
        }
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("no such file: " + file);
            }
            format(file); // a bad --format fails before the data dir is opened
        }
        ServerConfig c = root.config();
        Logging.configure(c.logFormat(), "WARN");
        try (Composition comp = root.openComposition(c)) {
            Importer importer = new Importer(comp.engine(), root.err(), root.clock());
            for (Path file : files) {
                Importer.Report r = importer.importFile(ShoptideCli.shopId(shop), k, format(file), file, idPrefix);
                if (!report(k, file, r)) {
                    return 1;
                }
            }
            return 0;
        }
    }

    private Importer.Format format(Path file) {
        String f = format != null ? format.toLowerCase(Locale.ROOT)
                : file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv") ? "csv" : "jsonl";
        return switch (f) {
            case "csv" -> Importer.Format.CSV;
            case "jsonl", "ndjson", "json" -> Importer.Format.JSONL;
            default -> throw new IllegalArgumentException("--format must be csv or jsonl");
        };
    }

    /** Prints one file's outcome; false when it was rejected. */
    private boolean report(Importer.Kind k, Path file, Importer.Report r) {
        if (!r.written()) {
            if (r.accepted() + r.duplicates() == 0) {
                root.err().printf(Locale.ROOT, "Rejected: %,d problem(s) in %s; nothing was written.%n",
                        r.totalErrors(), file);
            } else {
                root.err().printf(Locale.ROOT,
                        "Stopped: the engine rejected a batch (%,d problem(s)) after %,d rows were stored;"
                                + " fix the lines below and run the same command%s to resume.%n",
                        r.totalErrors(), r.accepted() + r.duplicates(),
                        r.idPrefix() == null ? "" : " with --id-prefix " + r.idPrefix());
            }
            r.errors().forEach(e -> root.err().println("  " + e));
            if (r.totalErrors() > r.errors().size()) {
                root.err().printf(Locale.ROOT, "  ... and %,d more%n", r.totalErrors() - r.errors().size());
            }
            return false;
        }
        root.out().printf(Locale.ROOT, "Imported %s: %,d rows, %,d stored, %,d duplicates skipped%n",
                k.name().toLowerCase(Locale.ROOT), r.rows(), r.accepted(), r.duplicates());
        return true;
    }
}
