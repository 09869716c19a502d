package org.shoptide.embedded.model;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.shoptide.core.port.ModelStore;
import org.shoptide.core.port.StoreException;
import org.shoptide.core.shop.ShopId;

/**
 * {@link ModelStore} on a local directory. Layout (see {@code docs/formats/model-store.md}):
 *
 * <pre>
 * &lt;root&gt;/&lt;shopId&gt;/v0000000001/model.bin        artifact bytes, opaque
 * &lt;root&gt;/&lt;shopId&gt;/v0000000001/meta.properties  UTF-8 properties: store.* fields and meta.&lt;key&gt; metadata
 * &lt;root&gt;/&lt;shopId&gt;/.tmp-&lt;uuid&gt;/               a publish in progress (or left by a crash)
 * &lt;root&gt;/&lt;shopId&gt;/.del-&lt;uuid&gt;/               a version being deleted by retain
 * </pre>
 *
 * A version is written into a temp directory, both files and the directory are fsynced, and the directory is renamed
 * atomically to its {@code v<10 digits>} name, then the shop directory is fsynced. A {@code v} directory is therefore
 * always complete, and the latest version is simply the highest {@code v} directory: there is no separate pointer file
 * that could disagree with the directories. Versions are numbered one above the highest existing one; the rename fails
 * rather than replace an existing (non-empty) version, so concurrent publishers, even in different processes, get
 * distinct versions. {@link #retain} renames a version away before deleting it, so readers never see a half-deleted
 * version, and always keeps the newest, so numbers are never reused.
 * <p>
 * Leftover temp and delete directories are removed when the store is opened; open a root with one store per process.
 * Thread-safe.
 */
public final class DirectoryModelStore implements ModelStore {

    /** The artifact file in a version directory. */
    public static final String ARTIFACT_FILE = "model.bin";
    /** The metadata file in a version directory. */
    public static final String META_FILE = "meta.properties";
    static final String TEMP_PREFIX = ".tmp-";
    static final String DELETE_PREFIX = ".del-";
    static final String META_PREFIX = "meta.";

    private static final Pattern VERSION_DIR = Pattern.compile("v\\d{10}");
    private static final long MAX_VERSION = 9_999_999_999L;
    private static final boolean WINDOWS = System.getProperty("os.name", "").toLowerCase(Locale.ROOT)
            .startsWith("windows");

    private final Path root;
    private final Clock clock;
    private final ConcurrentHashMap<ShopId, ReentrantLock> publishLocks = new ConcurrentHashMap<>();

    public DirectoryModelStore(Path root) {
        this(root, Clock.systemUTC());
    }

    /**
     * Opens the store, creating {@code root} if needed, and removes temp directories left by a crash.
     *
     * @param clock
     *            source of {@code createdAt}
     *
     * @throws StoreException
     *             if the root cannot be created or read
     */
    public DirectoryModelStore(Path root, Clock clock) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath();
        this.clock = Objects.requireNonNull(clock, "clock");
        try {
            Files.createDirectories(this.root);
            try (DirectoryStream<Path> shops = Files.newDirectoryStream(this.root, Files::isDirectory)) {
                for (Path shopDir : shops) {
                    try (DirectoryStream<Path> entries = Files.newDirectoryStream(shopDir,
                            p -> name(p).startsWith(TEMP_PREFIX) || name(p).startsWith(DELETE_PREFIX))) {
                        for (Path leftover : entries) {
                            deleteRecursively(leftover);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new StoreException("cannot open model store at " + this.root + ": " + e.getMessage(), e);
        }
    }

    /** The root directory. */
    public Path root() {
        return root;
    }

    /**
     * {@inheritDoc}
     *
     * @throws StoreException
     *             when {@code writer} throws an {@link IOException} or the files cannot be written; nothing is
     *             published and the temp directory is removed. A {@link RuntimeException} of {@code writer} is rethrown
     *             as is, also after the cleanup.
     */
    @Override
    public ModelInfo publish(ShopId shop, Map<String, String> metadata, ArtifactWriter writer) {
        Objects.requireNonNull(shop, "shop");
        Objects.requireNonNull(writer, "writer");
        Map<String, String> meta = metadata == null ? Map.of() : Map.copyOf(metadata);
        Path shopDir = root.resolve(shop.value());
        Path temp = shopDir.resolve(TEMP_PREFIX + UUID.randomUUID());
        boolean published = false;
        try {
            if (!Files.isDirectory(shopDir)) {
                Files.createDirectories(shopDir);
                fsyncDirectory(root);
            }
            Files.createDirectory(temp);
            Instant createdAt = clock.instant();
            MessageDigest sha256 = sha256();
            long size;
            Path artifact = temp.resolve(ARTIFACT_FILE);
            try (FileChannel channel = FileChannel.open(artifact, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                CountingOutputStream counting = new CountingOutputStream(
                        new DigestOutputStream(Channels.newOutputStream(channel), sha256));
                BufferedOutputStream buffered = new BufferedOutputStream(counting, 64 * 1024);
                writer.write(new NonClosingOutputStream(buffered));
                buffered.flush();
                size = counting.count;
                channel.force(true);
            }
            String sha = HexFormat.of().formatHex(sha256.digest());

            ReentrantLock lock = publishLocks.computeIfAbsent(shop, s -> new ReentrantLock());
            lock.lock();
            try {
                long version = highestVersion(shopDir) + 1;
                while (true) {
                    if (version > MAX_VERSION) {
                        throw new StoreException("model versions of shop '" + shop + "' are exhausted");
                    }
                    writeMeta(temp.resolve(META_FILE), shop, version, createdAt, size, sha, meta);
                    fsyncDirectory(temp);
                    Path target = shopDir.resolve(versionDirName(version));
                    if (!Files.exists(target)) {
                        try {
                            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
                            published = true;
                            fsyncDirectory(shopDir);
                            return new ModelInfo(shop, version, createdAt, size, meta);
                        } catch (AtomicMoveNotSupportedException e) {
                            throw e;
                        } catch (FileSystemException e) {
                            if (!Files.exists(target)) {
                                throw e;
                            }
                            // another process took this version between the check and the rename
                        }
                    }
                    version = Math.max(version + 1, highestVersion(shopDir) + 1);
                }
            } finally {
                lock.unlock();
            }
        } catch (IOException e) {
            throw new StoreException("cannot publish model of shop '" + shop + "': " + e.getMessage(), e);
        } finally {
            if (!published) {
                try {
                    deleteRecursively(temp);
                } catch (IOException e) {
                    // left for the cleanup on the next open
                }
            }
        }
    }

    @Override
    public Optional<ModelInfo> latest(ShopId shop) {
        Objects.requireNonNull(shop, "shop");
        Path shopDir = root.resolve(shop.value());
        for (int attempt = 0; attempt < 100; attempt++) {
            List<Long> versions = versions(shopDir);
            if (versions.isEmpty()) {
                return Optional.empty();
            }
            Optional<ModelInfo> info = readInfo(shop, shopDir, versions.get(0));
            if (info.isPresent()) {
                return info;
            }
            // the version was retained away between listing and reading: a newer one exists, look again
        }
        throw new StoreException("cannot find a stable latest model of shop '" + shop + "'");
    }

    @Override
    public List<ModelInfo> list(ShopId shop) {
        Objects.requireNonNull(shop, "shop");
        Path shopDir = root.resolve(shop.value());
        List<ModelInfo> out = new ArrayList<>();
        for (long version : versions(shopDir)) {
            readInfo(shop, shopDir, version).ifPresent(out::add);
        }
        return out;
    }

    /**
     * @throws NoSuchFileException
     *             if the version does not exist (or was deleted by {@link #retain})
     */
    @Override
    public InputStream open(ShopId shop, long version) throws IOException {
        Objects.requireNonNull(shop, "shop");
        if (version < 1 || version > MAX_VERSION) {
            throw new NoSuchFileException("model version " + version + " of shop '" + shop + "'");
        }
        return Files.newInputStream(root.resolve(shop.value()).resolve(versionDirName(version)).resolve(ARTIFACT_FILE));
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException
     *             if {@code keep < 1}: the newest version is always kept so version numbers are never reused
     */
    @Override
    public void retain(ShopId shop, int keep) {
        Objects.requireNonNull(shop, "shop");
        if (keep < 1) {
            throw new IllegalArgumentException("keep must be at least 1, got " + keep);
        }
        Path shopDir = root.resolve(shop.value());
        List<Long> versions = versions(shopDir);
        try {
            for (long version : versions.subList(Math.min(keep, versions.size()), versions.size())) {
                Path doomed = shopDir.resolve(DELETE_PREFIX + UUID.randomUUID());
                try {
                    Files.move(shopDir.resolve(versionDirName(version)), doomed, StandardCopyOption.ATOMIC_MOVE);
                } catch (NoSuchFileException e) {
                    continue; // retained concurrently
                }
                deleteRecursively(doomed);
            }
            fsyncDirectory(shopDir);
        } catch (IOException e) {
            throw new StoreException("cannot delete old models of shop '" + shop + "': " + e.getMessage(), e);
        }
    }

    static String versionDirName(long version) {
        return String.format(Locale.ROOT, "v%010d", version);
    }

    /** Complete versions, newest first. */
    private static List<Long> versions(Path shopDir) {
        if (!Files.isDirectory(shopDir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(shopDir)) {
            return entries.map(DirectoryModelStore::name).filter(n -> VERSION_DIR.matcher(n).matches())
                    .map(n -> Long.parseLong(n.substring(1))).sorted(Comparator.reverseOrder()).toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException | UncheckedIOException e) {
            throw new StoreException("cannot list models in " + shopDir + ": " + e.getMessage(), e);
        }
    }

    private static long highestVersion(Path shopDir) {
        List<Long> versions = versions(shopDir);
        return versions.isEmpty() ? 0 : versions.get(0);
    }

    /** The version's info, or empty if it vanished meanwhile. */
    private static Optional<ModelInfo> readInfo(ShopId shop, Path shopDir, long version) {
        Path file = shopDir.resolve(versionDirName(version)).resolve(META_FILE);
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StoreException("cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            long storedVersion = Long.parseLong(required(p, "store.version", file));
            if (storedVersion != version) {
                throw new StoreException(
                        file + " says version " + storedVersion + " but lies in " + versionDirName(version));
            }
            Map<String, String> meta = new LinkedHashMap<>();
            for (String key : p.stringPropertyNames()) {
                if (key.startsWith(META_PREFIX)) {
                    meta.put(key.substring(META_PREFIX.length()), p.getProperty(key));
                }
            }
            return Optional.of(new ModelInfo(shop, version, Instant.parse(required(p, "store.createdAt", file)),
                    Long.parseLong(required(p, "store.sizeBytes", file)), meta));
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new StoreException("corrupt " + file + ": " + e.getMessage(), e);
        }
    }

    private static String required(Properties p, String key, Path file) {
        String v = p.getProperty(key);
        if (v == null) {
            throw new StoreException("corrupt " + file + ": " + key + " is missing");
        }
        return v;
    }

    private static void writeMeta(Path file, ShopId shop, long version, Instant createdAt, long size, String sha256,
            Map<String, String> metadata) throws IOException {
        Map<String, String> entries = new TreeMap<>();
        entries.put("store.format", "1");
        entries.put("store.shop", shop.value());
        entries.put("store.version", Long.toString(version));
        entries.put("store.createdAt", createdAt.toString());
        entries.put("store.sizeBytes", Long.toString(size));
        entries.put("store.sha256", sha256);
        metadata.forEach((k, v) -> entries.put(META_PREFIX + k, v));
        Properties p = new Properties();
        p.putAll(entries);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            Writer out = Channels.newWriter(channel, StandardCharsets.UTF_8);
            p.store(out, "Shoptide model " + shop + " " + versionDirName(version));
            out.flush();
            channel.force(true);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Makes a directory entry change (create, rename) durable. Not possible on Windows, where it is skipped. */
    private static void fsyncDirectory(Path dir) throws IOException {
        if (WINDOWS) {
            return;
        }
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static String name(Path p) {
        Path fileName = p.getFileName();
        return fileName == null ? "" : fileName.toString();
    }

    private static final class CountingOutputStream extends FilterOutputStream {
        long count;

        CountingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }

    /** Hands the writer a stream whose close only flushes, so the store decides when the file is complete. */
    private static final class NonClosingOutputStream extends FilterOutputStream {
        NonClosingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
