package org.shoptide.lake;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import org.shoptide.core.port.StoreException;

/**
 * The committed position of a shop's lake sink: the log offset of the first event not yet in the lake. Stored as one
 * line {@code shoptide-lake-position 1 <offset>} in {@link LakeLayout#position}, replaced by write-temp, fsync, rename,
 * fsync-directory, so a crash leaves the old or the new position, never a torn one.
 */
final class SinkPosition {
    private static final String MAGIC = "shoptide-lake-position";
    private static final int VERSION = 1;

    private final Path file;

    SinkPosition(Path file) {
        this.file = Objects.requireNonNull(file, "file");
    }

    /** The committed position, 0 when nothing was ever committed. */
    long read() {
        if (!Files.exists(file)) {
            return 0;
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new StoreException("cannot read the lake sink position " + file, e);
        }
        String[] f = text.split(" ");
        if (f.length != 3 || !f[0].equals(MAGIC)) {
            throw new StoreException("not a lake sink position file: " + file);
        }
        if (!f[1].equals(Integer.toString(VERSION))) {
            throw new StoreException(
                    "lake sink position " + file + " has version " + f[1] + "; this build reads " + VERSION);
        }
        try {
            long p = Long.parseLong(f[2]);
            if (p < 0) {
                throw new NumberFormatException("negative");
            }
            return p;
        } catch (NumberFormatException e) {
            throw new StoreException("corrupt lake sink position in " + file + ": '" + f[2] + "'", e);
        }
    }

    void write(long position) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, MAGIC + " " + VERSION + " " + position + "\n", StandardCharsets.UTF_8);
            LakeWriter.force(tmp);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            LakeWriter.force(file.getParent());
        } catch (IOException e) {
            throw new StoreException("cannot write the lake sink position " + file, e);
        }
    }
}
