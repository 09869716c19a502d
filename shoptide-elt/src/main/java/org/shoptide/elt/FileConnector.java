package org.shoptide.elt;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Files of CSV, JSON lines or Parquet. A directory is read file by file in name order (one page per file, files whose
 * name starts with '.' or '_' skipped) and the cursor is the name of the last file landed, so a later load lands only
 * files that sort after it (exports named by date or sequence). A single file is one page whose cursor is its SHA-256:
 * it is landed again only when its content changes.
 */
public final class FileConnector implements SourceConnector {
    private final Path location;
    private final RawFormat format;

    public FileConnector(Path location, RawFormat format) {
        this.location = Objects.requireNonNull(location, "location");
        this.format = Objects.requireNonNull(format, "format");
    }

    @Override
    public void read(Optional<String> cursor, PageSink sink) throws IOException {
        if (Files.isRegularFile(location)) {
            String digest = "sha256:" + sha256(location);
            if (!cursor.orElse("").equals(digest)) {
                sink.accept(new RawPage(location, format, digest, false));
            }
            return;
        }
        if (!Files.isDirectory(location)) {
            throw new IOException("file source location " + location + " does not exist");
        }
        String ext = "." + format.name().toLowerCase(Locale.ROOT);
        List<Path> files;
        try (Stream<Path> s = Files.list(location)) {
            files = s.filter(Files::isRegularFile).filter(p -> {
                String n = p.getFileName().toString();
                return !n.startsWith(".") && !n.startsWith("_") && n.toLowerCase(Locale.ROOT).endsWith(ext);
            }).sorted().toList();
        }
        for (Path f : files) {
            String name = f.getFileName().toString();
            if (cursor.isEmpty() || name.compareTo(cursor.get()) > 0) {
                sink.accept(new RawPage(f, format, name, false));
            }
        }
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
