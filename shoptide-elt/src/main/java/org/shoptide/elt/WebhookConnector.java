package org.shoptide.elt;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Lands what a {@link WebhookReceiver} buffered. The cursor is the byte offset in the buffer file up to which records
 * are landed; a page holds the complete lines after it (a line cut short by a crash during an append was never
 * acknowledged and is left until it is complete, which it never will be; the receiver starts a new line after it).
 */
public final class WebhookConnector implements SourceConnector {
    private final Path buffer;
    private final Path scratch;

    public WebhookConnector(Path buffer, Path scratch) {
        this.buffer = Objects.requireNonNull(buffer, "buffer");
        this.scratch = Objects.requireNonNull(scratch, "scratch");
    }

    @Override
    public void read(Optional<String> cursor, PageSink sink) throws IOException {
        if (!Files.exists(buffer)) {
            return;
        }
        long from = cursor.map(Long::parseLong).orElse(0L);
        byte[] rest;
        try (InputStream in = Files.newInputStream(buffer)) {
            in.skipNBytes(Math.min(from, Files.size(buffer)));
            rest = in.readAllBytes();
        }
        int end = rest.length;
        while (end > 0 && rest[end - 1] != '\n') {
            end--;
        }
        if (end == 0) {
            return;
        }
        Files.createDirectories(scratch);
        Path file = Files.createTempFile(scratch, "hook-", ".jsonl");
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (String line : new String(rest, 0, end, StandardCharsets.UTF_8).split("\n")) {
                String[] f = line.split("\t", 3);
                if (f.length == 3) {
                    w.write(f[2]);
                    w.write('\n');
                }
            }
        }
        sink.accept(new RawPage(file, RawFormat.JSONL, Long.toString(from + end), true));
    }
}
