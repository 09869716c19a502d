package org.shoptide.elt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Lineage of one committed load, {@code _loads/shop=ID/source=S/load=L.json} (format version 1, written last, by
 * rename, so its presence means the load is complete and its files are final):
 *
 * <pre>
 * {"format": 1, "shop": ..., "source": ..., "load": ..., "kind": ..., "day": "YYYY-MM-DD",
 *  "started": ISO instant, "ended": ISO instant, "cursorBefore": string|null, "cursorAfter": string|null,
 *  "rows": total, "files": [{"path": relative to the lake root, "rows": n, "sha256": hex}],
 *  "checksum": hex SHA-256 of the files' "sha256" values joined by '\n', "piiHashed": [field, ...]}
 * </pre>
 */
public record LoadManifest(String shop, String source, String load, String kind, LocalDate day, Instant started,
        Instant ended, Optional<String> cursorBefore, Optional<String> cursorAfter, long rows, List<FileEntry> files,
        String checksum, List<String> piiHashed) {

    public static final int FORMAT = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    public LoadManifest {
        files = List.copyOf(files);
        piiHashed = List.copyOf(piiHashed);
    }

    /** One landed file. */
    public record FileEntry(String path, long rows, String sha256) {
    }

    public String toJson() {
        ObjectNode o = JSON.createObjectNode();
        o.put("format", FORMAT);
        o.put("shop", shop);
        o.put("source", source);
        o.put("load", load);
        o.put("kind", kind);
        o.put("day", day.toString());
        o.put("started", started.toString());
        o.put("ended", ended.toString());
        o.put("cursorBefore", cursorBefore.orElse(null));
        o.put("cursorAfter", cursorAfter.orElse(null));
        o.put("rows", rows);
        ArrayNode fs = o.putArray("files");
        for (FileEntry f : files) {
            fs.addObject().put("path", f.path()).put("rows", f.rows()).put("sha256", f.sha256());
        }
        o.put("checksum", checksum);
        ArrayNode p = o.putArray("piiHashed");
        piiHashed.forEach(p::add);
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static LoadManifest read(Path file) throws IOException {
        JsonNode o = JSON.readTree(Files.readString(file));
        if (o.path("format").asInt() > FORMAT) {
            throw new IOException(file + " has manifest format " + o.path("format").asInt() + ", newer than " + FORMAT);
        }
        List<FileEntry> files = new ArrayList<>();
        for (JsonNode f : o.path("files")) {
            files.add(new FileEntry(f.path("path").asText(), f.path("rows").asLong(), f.path("sha256").asText()));
        }
        List<String> pii = new ArrayList<>();
        o.path("piiHashed").forEach(n -> pii.add(n.asText()));
        return new LoadManifest(o.path("shop").asText(), o.path("source").asText(), o.path("load").asText(),
                o.path("kind").asText(), LocalDate.parse(o.path("day").asText()),
                Instant.parse(o.path("started").asText()), Instant.parse(o.path("ended").asText()),
                text(o, "cursorBefore"), text(o, "cursorAfter"), o.path("rows").asLong(), files,
                o.path("checksum").asText(), pii);
    }

    private static Optional<String> text(JsonNode o, String f) {
        JsonNode v = o.get(f);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
    }
}
