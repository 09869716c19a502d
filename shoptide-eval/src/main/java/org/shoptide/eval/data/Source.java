package org.shoptide.eval.data;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import org.tukaani.xz.XZInputStream;

/**
 * A dataset file opened for one sequential read: transparently decompresses xz (recognised by its magic bytes, not its
 * name) and computes the SHA-256 of both the stored bytes and the decompressed content while the loader reads, so a
 * large file is read once. Text is decoded as strict UTF-8 (malformed input fails with an error).
 */
public final class Source implements AutoCloseable {
    private static final byte[] XZ_MAGIC = { (byte) 0xFD, '7', 'z', 'X', 'Z', 0 };

    private final Path path;
    private final InputStream file;
    private final InputStream digested;
    private final MessageDigest rawDigest;
    private final MessageDigest contentDigest;
    private final BufferedReader reader;
    private final boolean compressed;

    private Source(Path path) throws IOException {
        this.path = path;
        this.rawDigest = sha256();
        this.contentDigest = sha256();
        InputStream raw;
        try {
            raw = Files.newInputStream(path);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no such dataset file: " + path);
        }
        this.file = raw;
        BufferedInputStream buffered = new BufferedInputStream(new DigestInputStream(raw, rawDigest), 1 << 16);
        this.digested = buffered;
        buffered.mark(XZ_MAGIC.length);
        byte[] head = buffered.readNBytes(XZ_MAGIC.length);
        buffered.reset();
        this.compressed = Arrays.equals(head, XZ_MAGIC);
        InputStream content = compressed ? new XZInputStream(buffered) : buffered;
        this.reader = new BufferedReader(
                new InputStreamReader(new DigestInputStream(content, contentDigest), StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)),
                1 << 16);
    }

    /** Opens {@code path}; an absent file is an {@link IllegalArgumentException} naming it. */
    public static Source open(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            throw new IllegalArgumentException("dataset path is a directory, not a file: " + path);
        }
        return new Source(path);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }

    public Path path() {
        return path;
    }

    public boolean compressed() {
        return compressed;
    }

    /** The decoded text; read it to the end before asking for the checksums. */
    public BufferedReader reader() {
        return reader;
    }

    /**
     * Reads whatever the loader left (so the checksums cover the whole file) and returns {sha256 of the file, sha256 of
     * the content}, lower-case hex.
     */
    public String[] checksums() throws IOException {
        char[] sink = new char[8192];
        while (reader.read(sink) >= 0) {
            // drain the content
        }
        byte[] rest = new byte[8192];
        while (digested.read(rest) >= 0) {
            // bytes after the xz stream's end (padding) still belong to the file
        }
        return new String[] { HexFormat.of().formatHex(rawDigest.digest()),
                HexFormat.of().formatHex(contentDigest.digest()) };
    }

    @Override
    public void close() throws IOException {
        try {
            reader.close();
        } finally {
            file.close();
        }
    }
}
