package org.shoptide.lake.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * Reader of the factor interchange the Spark job writes ({@code docs/formats/als-factors.md}, version 1): a directory
 * with {@code manifest.json} (written last) and {@code users.bin} / {@code items.bin}, each the 8-byte magic
 * {@code STALSF01} followed by one record per row: a little-endian int32 byte length, that many bytes of UTF-8 id, and
 * {@code rank} little-endian float32 factors. The manifest's {@code users} / {@code items} counts are the record
 * counts. Anything else (missing file, other version, short or long file, duplicate id, non-finite factor) is rejected
 * with the file and the reason.
 */
public final class AlsFactorFiles {
    public static final String FORMAT = "shoptide-als-factors";
    public static final int VERSION = 1;
    static final byte[] MAGIC = "STALSF01".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_ID_BYTES = 4096;

    private AlsFactorFiles() {
    }

    /**
     * One side's factors: {@code ids[k]} has the factors {@code factors[k·rank .. k·rank+rank)}.
     */
    public record Side(String[] ids, float[] factors) {
    }

    /** What the job wrote: the factors and the manifest as read. */
    public record Factors(int rank, Side users, Side items, JsonNode manifest) {
    }

    public static Factors read(Path dir) throws IOException {
        JsonNode m;
        try {
            m = new ObjectMapper().readTree(Files.readAllBytes(dir.resolve("manifest.json")));
        } catch (NoSuchFileException e) {
            throw new IOException("no manifest.json in " + dir + ": the Spark job did not finish", e);
        }
        if (m == null || !FORMAT.equals(m.path("format").asText())) {
            throw new IOException(dir.resolve("manifest.json") + " is not a " + FORMAT + " manifest");
        }
        if (m.path("version").asInt(-1) != VERSION) {
            throw new IOException(dir.resolve("manifest.json") + " has version " + m.path("version")
                    + "; this build reads " + VERSION);
        }
        int rank = m.path("rank").asInt(0);
        long users = m.path("users").asLong(-1);
        long items = m.path("items").asLong(-1);
        if (rank < 1 || rank > 1024 || users < 0 || items < 0 || users > Integer.MAX_VALUE / rank
                || items > Integer.MAX_VALUE / rank) {
            throw new IOException(
                    dir.resolve("manifest.json") + ": bad rank " + rank + " or counts " + users + ", " + items);
        }
        return new Factors(rank, side(dir.resolve("users.bin"), (int) users, rank),
                side(dir.resolve("items.bin"), (int) items, rank), m);
    }

    private static Side side(Path file, int rows, int rank) throws IOException {
        String[] ids = new String[rows];
        float[] f = new float[rows * rank];
        Set<String> seen = new HashSet<>();
        byte[] row = new byte[rank * Float.BYTES];
        ByteBuffer bb = ByteBuffer.wrap(row).order(ByteOrder.LITTLE_ENDIAN);
        try (InputStream raw = Files.newInputStream(file);
                DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16))) {
            byte[] magic = new byte[MAGIC.length];
            in.readFully(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new IOException(file + " does not start with " + new String(MAGIC, StandardCharsets.US_ASCII));
            }
            for (int r = 0; r < rows; r++) {
                int n = Integer.reverseBytes(in.readInt());
                if (n < 1 || n > MAX_ID_BYTES) {
                    throw new IOException(file + ": row " + r + " has an id of " + n + " bytes");
                }
                byte[] id = new byte[n];
                in.readFully(id);
                ids[r] = new String(id, StandardCharsets.UTF_8);
                if (!seen.add(ids[r])) {
                    throw new IOException(file + ": id '" + ids[r] + "' appears twice");
                }
                in.readFully(row);
                bb.rewind();
                for (int k = 0; k < rank; k++) {
                    float v = bb.getFloat();
                    if (!Float.isFinite(v)) {
                        throw new IOException(file + ": factor " + k + " of '" + ids[r] + "' is " + v);
                    }
                    f[r * rank + k] = v;
                }
            }
            if (in.read() != -1) {
                throw new IOException(file + " is longer than the " + rows + " rows its manifest announces");
            }
        } catch (EOFException e) {
            throw new IOException(file + " is shorter than the " + rows + " rows its manifest announces", e);
        } catch (NoSuchFileException e) {
            throw new IOException("missing " + file, e);
        }
        return new Side(ids, f);
    }
}
