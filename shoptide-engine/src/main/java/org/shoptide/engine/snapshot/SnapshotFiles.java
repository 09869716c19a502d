package org.shoptide.engine.snapshot;

import java.io.FilterOutputStream;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;
import org.shoptide.core.shop.ShopId;

/**
 * The snapshot files of every shop (ADR 0037, format in {@code docs/formats/snapshot.md}): one directory per shop,
 * files named {@code snapshot-<offset>-<created>.snap}, the newest {@value #KEEP} kept.
 * <p>
 * <b>Layout</b> (big-endian): magic {@code "STSNAP\r\n"} (8 bytes), format version (u32, {@value #VERSION}), log offset
 * (u64: the first record the snapshot does not reflect), created (u64, epoch millis), section count (u32); per section
 * its tag (u32), length (u64) and body; then the CRC32C of every byte before it (u32) and the end magic
 * {@code "SNAPEND\n"} (8 bytes). A file whose size, magics, checksum or version do not check out is
 * {@linkplain CorruptSnapshotException corrupt}: {@link #newestValid} logs it and falls back to the previous.
 * <p>
 * <b>Crash safety</b>: a file is written to a temporary name, forced to disk, renamed atomically and the directory
 * forced, so a reader sees a whole file or none; a torn temporary file is deleted at the next write.
 */
public final class SnapshotFiles {
    private static final System.Logger LOG = System.getLogger(SnapshotFiles.class.getName());
    public static final int VERSION = 1;
    static final int KEEP = 2;
    private static final byte[] MAGIC = "STSNAP\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "SNAPEND\n".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER = 8 + 4 + 8 + 8 + 4;
    private static final int TRAILER = 4 + 8;
    private static final Pattern NAME = Pattern.compile("snapshot-(\\d{20})-(\\d{20})\\.snap");

    /** One section of a snapshot being written. */
    public record Section(int tag, SnapshotOut body) {
    }

    /** Reads one section's body; it may leave bytes unread (they are skipped). */
    @FunctionalInterface
    public interface SectionReader {
        void read(int tag, SnapshotIn in);
    }

    /** A snapshot file whose checksum checked out. */
    public record Loaded(Path file, long offset, long createdMillis) {
    }

    private final Path root;

    public SnapshotFiles(Path root) {
        this.root = root;
    }

    public Path dir(ShopId shop) {
        return root.resolve(shop.value());
    }

    /** Writes a snapshot of the shop at {@code offset} (temp, fsync, atomic rename) and prunes all but the newest. */
    public Path write(ShopId shop, long offset, long createdMillis, List<Section> sections) throws IOException {
        Path dir = dir(shop);
        Files.createDirectories(dir);
        String name = String.format("snapshot-%020d-%020d.snap", offset, createdMillis);
        Path tmp = dir.resolve(".tmp-" + name);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            CRC32C crc = new CRC32C();
            OutputStream raw = Channels.newOutputStream(ch);
            DataOutputStream out = new DataOutputStream(
                    new CheckedOutputStream(new BufferedOutputStream(new NonClosing(raw), 1 << 16), crc));
            out.write(MAGIC);
            out.writeInt(VERSION);
            out.writeLong(offset);
            out.writeLong(createdMillis);
            out.writeInt(sections.size());
            for (Section s : sections) {
                out.writeInt(s.tag());
                out.writeLong(s.body().size());
                s.body().copyTo(out);
            }
            out.flush();
            DataOutputStream trailer = new DataOutputStream(new BufferedOutputStream(new NonClosing(raw)));
            trailer.writeInt((int) crc.getValue());
            trailer.write(END);
            trailer.flush();
            ch.force(true);
        }
        Path target = dir.resolve(name);
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        forceDirectory(dir);
        prune(dir);
        return target;
    }

    /** The shop's snapshot files, newest first (by offset, then creation time). */
    public List<Path> list(ShopId shop) {
        Path dir = dir(shop);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> NAME.matcher(p.getFileName().toString()).matches())
                    .sorted(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The newest snapshot of the shop that is whole and of a known version (size, magics, version and checksum
     * checked), falling back to older ones, each one skipped logged with its reason; empty when none is usable.
     */
    public Optional<Loaded> newestValid(ShopId shop) {
        for (Path p : list(shop)) {
            try {
                long[] header = verify(p);
                return Optional.of(new Loaded(p, header[0], header[1]));
            } catch (CorruptSnapshotException | IOException | UncheckedIOException e) {
                LOG.log(Level.WARNING, "shop {0}: ignoring snapshot {1}: {2}", shop, p.getFileName(), e.getMessage());
            }
        }
        return Optional.empty();
    }

    /** Deletes every snapshot of the shop (an erasure must not be undone by an older one). */
    public void deleteAll(ShopId shop) throws IOException {
        Path dir = dir(shop);
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.deleteIfExists(p);
            }
        }
        forceDirectory(dir);
    }

    /** Checks size, magics, checksum and version; returns {offset, created}. */
    static long[] verify(Path p) throws IOException {
        long size = Files.size(p);
        if (size < HEADER + TRAILER) {
            throw new CorruptSnapshotException("too short (" + size + " bytes): torn");
        }
        CRC32C crc = new CRC32C();
        long[] header = new long[2];
        try (InputStream raw = Files.newInputStream(p);
                DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16))) {
            CheckedInputStream checked = new CheckedInputStream(in, crc);
            DataInputStream body = new DataInputStream(checked);
            byte[] magic = body.readNBytes(MAGIC.length);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new CorruptSnapshotException("not a snapshot (bad magic)");
            }
            int version = body.readInt();
            if (version != VERSION) {
                throw new CorruptSnapshotException("unknown format version " + version);
            }
            header[0] = body.readLong();
            header[1] = body.readLong();
            byte[] chunk = new byte[1 << 16];
            long left = size - TRAILER - (HEADER - 4);
            while (left > 0) {
                int n = body.read(chunk, 0, (int) Math.min(chunk.length, left));
                if (n < 0) {
                    throw new CorruptSnapshotException("file ends early");
                }
                left -= n;
            }
            int stored = in.readInt();
            byte[] end = in.readNBytes(END.length);
            if (!Arrays.equals(end, END)) {
                throw new CorruptSnapshotException("no end marker: torn");
            }
            if (stored != (int) crc.getValue()) {
                throw new CorruptSnapshotException("checksum mismatch");
            }
        }
        return header;
    }

    /**
     * Hands each section of a file {@link #newestValid} checked to {@code reader}, in file order (a tag may repeat);
     * what a reader leaves unread of a section is skipped.
     */
    public static void read(Path p, SectionReader reader) throws IOException {
        long size = Files.size(p);
        try (InputStream raw = Files.newInputStream(p);
                DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16))) {
            in.skipNBytes(HEADER - 4);
            int count = in.readInt();
            long pos = HEADER;
            for (int i = 0; i < count; i++) {
                int tag = in.readInt();
                long length = in.readLong();
                pos += 12;
                if (length < 0 || pos + length > size - TRAILER) {
                    throw new CorruptSnapshotException("section " + tag + " overruns the file");
                }
                SnapshotIn section = new SnapshotIn(in, length);
                reader.read(tag, section);
                section.skipRest();
                pos += length;
            }
            if (pos != size - TRAILER) {
                throw new CorruptSnapshotException("bytes after the last section");
            }
        }
    }

    private static void prune(Path dir) throws IOException {
        List<Path> snaps = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) {
                String n = p.getFileName().toString();
                Matcher m = NAME.matcher(n);
                if (m.matches()) {
                    snaps.add(p);
                }
            }
        }
        snaps.sort(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed());
        for (int i = KEEP; i < snaps.size(); i++) {
            Files.deleteIfExists(snaps.get(i));
        }
        try (Stream<Path> files = Files.list(dir)) { // torn temporaries of a crashed write
            for (Path p : files.toList()) {
                if (p.getFileName().toString().startsWith(".tmp-")) { // writes of one shop never overlap
                    try {
                        Files.deleteIfExists(p);
                    } catch (NoSuchFileException gone) {
                        // deleted concurrently
                    }
                }
            }
        }
    }

    private static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // some platforms cannot open a directory; the rename itself is still atomic
            LOG.log(Level.DEBUG, "cannot force directory {0}: {1}", dir, e.getMessage());
        }
    }

    /** Lets the checked streams be flushed without closing the channel underneath. */
    private static final class NonClosing extends FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
