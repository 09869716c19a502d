package org.shoptide.lake.spark;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes the als-factors interchange as the format document describes it, independently of the Spark job. */
final class FactorFilesFixture {
    private FactorFilesFixture() {
    }

    static void write(Path dir, int rank, String[] users, float[] userFactors, String[] items, float[] itemFactors)
            throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve("users.bin"), side(users, userFactors, rank));
        Files.write(dir.resolve("items.bin"), side(items, itemFactors, rank));
        Files.writeString(dir.resolve("manifest.json"),
                "{\"format\": \"shoptide-als-factors\", \"version\": 1," + " \"rank\": " + rank + ", \"users\": "
                        + users.length + ", \"items\": " + items.length
                        + ", \"sparkVersion\": \"4.1.0\", \"pairs\": 7, \"millis\": {\"fit\": 12, \"total\": 30}}");
    }

    static byte[] side(String[] ids, float[] f, int rank) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("STALSF01".getBytes(StandardCharsets.US_ASCII));
        for (int r = 0; r < ids.length; r++) {
            byte[] id = ids[r].getBytes(StandardCharsets.UTF_8);
            ByteBuffer b = ByteBuffer.allocate(4 + id.length + 4 * rank).order(ByteOrder.LITTLE_ENDIAN);
            b.putInt(id.length).put(id);
            for (int k = 0; k < rank; k++) {
                b.putFloat(f[r * rank + k]);
            }
            out.writeBytes(b.array());
        }
        return out.toByteArray();
    }
}
