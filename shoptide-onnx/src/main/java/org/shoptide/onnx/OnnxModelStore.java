package org.shoptide.onnx;

import java.io.BufferedInputStream;
import java.util.Arrays;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.shoptide.core.shop.ShopId;

/**
 * A shop's uploaded ONNX models, versioned, under {@code <root>/<shopId>/}: one {@code v<N>.onnxm} file per version,
 * {@code active} (the active version's number) and {@code last} (the highest number ever given, so a deleted version's
 * number is never reused). Files are written to a temporary name and moved into place, so a reader sees a whole version
 * or none. Writers of one store are serialised; the directory belongs to one server (as the learning-to-rank
 * re-rankers' does, ADR 0010).
 * <p>
 * Format of {@code v<N>.onnxm} (version 1, big-endian, strings as {@link DataOutputStream#writeUTF}): the ASCII magic
 * {@code SHOPTIDE-ONNX}, int format version (1), long model version, long creation time (epoch ms), int metadata entry
 * count and that many key, value strings, int item count and that many item ids (the item table: index {@code i} is the
 * model's item {@code i}), int model length and the ONNX bytes.
 */
public final class OnnxModelStore {
    static final int FORMAT = 1;
    private static final byte[] MAGIC = "SHOPTIDE-ONNX".getBytes(StandardCharsets.US_ASCII);

    /** One stored version without its item table and model bytes. */
    public record Stored(long version, Instant createdAt, long sizeBytes, Map<String, String> metadata) {
        public Stored {
            metadata = Map.copyOf(metadata);
        }
    }

    /** One stored version, whole. */
    public record Artifact(Stored info, List<String> items, byte[] model) {
    }

    private final Path root;

    public OnnxModelStore(Path root) {
        this.root = root;
    }

    /** Writes a new version (numbered after every version ever stored for the shop). */
    public synchronized Stored publish(ShopId shop, Map<String, String> metadata, List<String> items, byte[] model,
            Instant now) {
        Path dir = root.resolve(shop.value());
        try {
            Files.createDirectories(dir);
            long version = Math.max(readLong(dir.resolve("last")).orElse(0),
                    list(shop).stream().mapToLong(Stored::version).max().orElse(0)) + 1;
            Path tmp = Files.createTempFile(dir, "upload", ".tmp");
            try {
                try (DataOutputStream out = new DataOutputStream(
                        new BufferedOutputStream(Files.newOutputStream(tmp)))) {
                    write(out, version, now, metadata, items, model);
                }
                move(tmp, file(shop, version));
            } finally {
                Files.deleteIfExists(tmp);
            }
            writeString(dir.resolve("last"), Long.toString(version));
            return info(shop, version).orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the ONNX model of shop " + shop.value(), e);
        }
    }

    /** Every stored version, newest first. */
    public List<Stored> list(ShopId shop) {
        Path dir = root.resolve(shop.value());
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Stored> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(f -> f.getFileName().toString().matches("v[0-9]+\\.onnxm")).toList()) {
                String n = p.getFileName().toString();
                info(shop, Long.parseLong(n.substring(1, n.length() - ".onnxm".length()))).ifPresent(out::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the ONNX models of shop " + shop.value(), e);
        }
        out.sort(Comparator.comparingLong(Stored::version).reversed());
        return out;
    }

    public Optional<Stored> info(ShopId shop, long version) {
        Path f = file(shop, version);
        try (DataInputStream in = open(f)) {
            return Optional.of(readInfo(in, Files.size(f)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f, e);
        }
    }

    public Optional<Artifact> read(ShopId shop, long version) {
        Path f = file(shop, version);
        try (DataInputStream in = open(f)) {
            Stored info = readInfo(in, Files.size(f));
            int n = in.readInt();
            List<String> items = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                items.add(in.readUTF());
            }
            byte[] model = new byte[in.readInt()];
            in.readFully(model);
            return Optional.of(new Artifact(info, List.copyOf(items), model));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f, e);
        }
    }

    /** Deletes a version (and deactivates it when active); false when it was not stored. */
    public synchronized boolean delete(ShopId shop, long version) {
        try {
            if (active(shop).orElse(-1) == version) {
                Files.deleteIfExists(root.resolve(shop.value()).resolve("active"));
            }
            return Files.deleteIfExists(file(shop, version));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete ONNX model " + version + " of shop " + shop.value(), e);
        }
    }

    /** The active version, if any. */
    public OptionalLong active(ShopId shop) {
        OptionalLong a = readLong(root.resolve(shop.value()).resolve("active"));
        return a.isPresent() && Files.isRegularFile(file(shop, a.getAsLong())) ? a : OptionalLong.empty();
    }

    /** Makes a stored version the active one; false when it is not stored. */
    public synchronized boolean activate(ShopId shop, long version) {
        if (!Files.isRegularFile(file(shop, version))) {
            return false;
        }
        try {
            writeString(root.resolve(shop.value()).resolve("active"), Long.toString(version));
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot activate ONNX model " + version + " of shop " + shop.value(), e);
        }
    }

    /** The file of a version; its modification time tells readers that it changed. */
    Path file(ShopId shop, long version) {
        return root.resolve(shop.value()).resolve("v" + version + ".onnxm");
    }

    private static void write(DataOutputStream out, long version, Instant now, Map<String, String> metadata,
            List<String> items, byte[] model) throws IOException {
        out.write(MAGIC);
        out.writeInt(FORMAT);
        out.writeLong(version);
        out.writeLong(now.toEpochMilli());
        out.writeInt(metadata.size());
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeUTF(e.getValue());
        }
        out.writeInt(items.size());
        for (String id : items) {
            out.writeUTF(id);
        }
        out.writeInt(model.length);
        out.write(model);
    }

    private static Stored readInfo(DataInputStream in, long size) throws IOException {
        byte[] magic = new byte[MAGIC.length];
        in.readFully(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new IOException("not a Shoptide ONNX model file");
        }
        int format = in.readInt();
        if (format != FORMAT) {
            throw new IOException("unknown ONNX model file format " + format);
        }
        long version = in.readLong();
        Instant created = Instant.ofEpochMilli(in.readLong());
        int n = in.readInt();
        Map<String, String> meta = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            meta.put(in.readUTF(), in.readUTF());
        }
        return new Stored(version, created, size, meta);
    }

    private static DataInputStream open(Path f) throws IOException {
        InputStream in = Files.newInputStream(f);
        return new DataInputStream(new BufferedInputStream(in));
    }

    private static OptionalLong readLong(Path f) {
        try {
            return OptionalLong.of(Long.parseLong(Files.readString(f, StandardCharsets.UTF_8).trim()));
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("cannot read " + f + ": " + e.getMessage(), e);
        }
    }

    private static void writeString(Path f, String s) throws IOException {
        Path tmp = Files.createTempFile(f.getParent(), f.getFileName().toString(), ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                out.write(s.getBytes(StandardCharsets.UTF_8));
            }
            move(tmp, f);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
