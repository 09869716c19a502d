package org.shoptide.eval.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shoptide.core.event.EventType;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

class LoadersTest {
    @TempDir
    Path dir;

    private final ProductionWeights weights = ProductionWeights.defaults();

    private Path write(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @Test
    void sasrecPairsKeepEachUsersOrderAndEndTogether() throws Exception {
        Path p = write("pairs.txt", "1 10\n2 20\n1 11\n\n1 12\n2\t21\n");
        Interactions d = SequenceFiles.load(p, SequenceFiles.Layout.PAIRS, weights);
        assertThat(d.size()).isEqualTo(5);
        assertThat(d.userCount()).isEqualTo(2);
        assertThat(d.itemCount()).isEqualTo(5);
        long end = SequenceFiles.SYNTHETIC_END.toEpochMilli();
        // user 1: 10, 11, 12 (rows 0, 2, 3); user 2: 20, 21 (rows 1, 4); the last items of both end together
        assertThat(new long[] { d.time(0), d.time(2), d.time(3) }).containsExactly(end - 2000, end - 1000, end);
        assertThat(new long[] { d.time(1), d.time(4) }).containsExactly(end - 1000, end);
        assertThat(d.type(0)).isEqualTo(EventType.PURCHASE);
        assertThat(d.weight(0)).isEqualTo(8f);
        assertThat(d.provenance().realTimestamps()).isFalse();
        assertThat(d.provenance().cleaning()).containsEntry("blankLines", 1L).containsEntry("rows", 5L);
        assertThat(d.provenance().sha256()).isEqualTo(sha256(Files.readAllBytes(p)))
                .isEqualTo(d.provenance().contentSha256());
    }

    @Test
    void s3recLinesContinueAUserOverTwoLines() throws Exception {
        Path p = write("lines.txt", "u1 a b c\nu2 b\nu1 d\n");
        Interactions d = SequenceFiles.load(p, SequenceFiles.Layout.LINES, weights);
        assertThat(d.size()).isEqualTo(5);
        int[] chrono = d.chronological();
        StringBuilder u1 = new StringBuilder();
        for (int r : chrono) {
            if (d.userId(d.user(r)).equals("u1")) {
                u1.append(d.itemId(d.item(r)));
            }
        }
        assertThat(u1.toString()).isEqualTo("abcd");
    }

    @Test
    void badSequenceLinesAreAllNamedAndNothingLoads() throws Exception {
        Path p = write("bad.txt", "1 10\n1 10 11\n2 20\nonlyone\n");
        assertThatThrownBy(() -> SequenceFiles.load(p, SequenceFiles.Layout.PAIRS, weights))
                .isInstanceOf(DatasetException.class).hasMessageContaining("2 bad lines")
                .hasMessageContaining("line 2: expected 'user item' (2 tokens), got 3")
                .hasMessageContaining("line 4: expected 'user item' (2 tokens), got 1");
        Path q = write("bad3.txt", "u1 a b\nu2\n");
        assertThatThrownBy(() -> SequenceFiles.load(q, SequenceFiles.Layout.LINES, weights))
                .hasMessageContaining("line 2: expected 'user item1 item2 ...'");
    }

    @Test
    void xzIsReadDirectlyWithBothChecksums() throws Exception {
        byte[] content = "1 10\n1 11\n1 12\n".getBytes(StandardCharsets.UTF_8);
        Path p = dir.resolve("seq.txt.xz");
        try (OutputStream out = new XZOutputStream(Files.newOutputStream(p), new LZMA2Options())) {
            out.write(content);
        }
        Interactions d = SequenceFiles.load(p, SequenceFiles.Layout.PAIRS, weights);
        assertThat(d.size()).isEqualTo(3);
        assertThat(d.provenance().sha256()).isEqualTo(sha256(Files.readAllBytes(p)));
        assertThat(d.provenance().contentSha256()).isEqualTo(sha256(content));
    }

    @Test
    void missingFileIsNamed() {
        assertThatThrownBy(() -> SequenceFiles.load(dir.resolve("nope.txt"), SequenceFiles.Layout.PAIRS, weights))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no such dataset file")
                .hasMessageContaining("nope.txt");
    }

    private static final String UCI_HEADER = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n";

    @Test
    void uciCleaningFollowsTheDocumentedRulesAndMergesInvoiceLines() throws Exception {
        Path p = write("retail.csv", UCI_HEADER //
                + "536365,85123A,\"WHITE HANGING HEART T-LIGHT HOLDER\",6,2010-12-01 08:26:00,2.55,17850,United Kingdom\n"
                + "536365,85123A,\"WHITE HANGING HEART T-LIGHT HOLDER\",2,2010-12-01 08:26:00,2.55,17850,United Kingdom\n"
                + "536365,71053,\"WHITE METAL LANTERN\",1,2010-12-01 08:26:00,3.39,17850.0,United Kingdom\n"
                + "536366,22633,\"HAND WARMER UNION JACK\",6,12/1/2010 8:28,1.85,,United Kingdom\n"
                + "C536379,22633,\"HAND WARMER UNION JACK\",-1,2010-12-01 09:41:00,1.85,14527,United Kingdom\n"
                + "A563185,B,\"Adjust bad debt\",1,2011-08-12 14:50:00,11062.06,14527,United Kingdom\n"
                + "536367,84879,\"ASSORTED COLOUR BIRD ORNAMENT\",0,2010-12-01 08:34:00,1.69,13047,United Kingdom\n"
                + "536367,84880,\"WHITE WIRE EGG HOLDER\",2,2010-12-01 08:34:00,0,13047,United Kingdom\n"
                + "536367,POST,\"POSTAGE\",3,2010-12-01 08:34:00,18,13047,France\n"
                + "536368,22960,\"JAM MAKING SET WITH JARS\",4,2010-12-01T08:34,4.25,13047,United Kingdom\n"
                + "536369,85123A,\"CREAM HANGING HEART T-LIGHT HOLDER\",1,2010-12-02 10:00:00,2.95,13047,United Kingdom\n");
        Interactions d = UciRetail.load(p, weights);
        assertThat(d.provenance().cleaning()).containsEntry("rows", 11L).containsEntry("droppedNoCustomer", 1L)
                .containsEntry("droppedCancellation", 1L).containsEntry("droppedAdjustment", 1L)
                .containsEntry("droppedQuantity", 1L).containsEntry("droppedPrice", 1L)
                .containsEntry("droppedNonProduct", 1L).containsEntry("keptRows", 5L).containsEntry("lines", 4L);
        assertThat(d.size()).isEqualTo(4);
        assertThat(d.userId(d.user(0))).isEqualTo("17850");
        assertThat(d.userId(d.user(1))).isEqualTo("17850"); // 17850.0 is the same customer
        assertThat(d.itemId(d.item(0))).isEqualTo("85123A");
        assertThat(d.quantity(0)).isEqualTo(8); // 6 + 2 merged
        assertThat(d.weight(0)).isEqualTo(24f); // purchase 8 × min(3, 8)
        assertThat(d.weight(1)).isEqualTo(8f);
        assertThat(d.basketId(d.basket(0))).isEqualTo("536365");
        assertThat(d.time(0)).isEqualTo(Instant.parse("2010-12-01T08:26:00Z").toEpochMilli());
        assertThat(d.time(2)).isEqualTo(Instant.parse("2010-12-01T08:34:00Z").toEpochMilli());
        assertThat(d.price(0)).isEqualTo(2.55);
        // the most frequent description wins, ties alphabetically
        assertThat(d.itemTitle(d.item(0))).isEqualTo("WHITE HANGING HEART T-LIGHT HOLDER");
        assertThat(d.provenance().realTimestamps()).isTrue();
    }

    @Test
    void uciBadRowsAreNamedByLine() throws Exception {
        Path p = write("bad.csv", UCI_HEADER //
                + "536365,85123A,\"X\",six,2010-12-01 08:26:00,2.55,17850,United Kingdom\n"
                + "536365,85123A,\"X\",6,yesterday,2.55,17850,United Kingdom\n"
                + "536365,85123A,\"X\",6,2010-12-01 08:26:00,2.55,17850\n"
                + "536365,85123A,\"X, with a comma\",6,2010-12-01 08:26:00,cheap,17850,United Kingdom\n");
        assertThatThrownBy(() -> UciRetail.load(p, weights)).isInstanceOf(DatasetException.class)
                .hasMessageContaining("4 bad lines").hasMessageContaining("line 2: Quantity is not an integer: 'six'")
                .hasMessageContaining("line 3: InvoiceDate is not a date-time")
                .hasMessageContaining("line 4: expected 8 fields, got 7")
                .hasMessageContaining("line 5: UnitPrice is not a number: 'cheap'");
        Path h = write("header.csv", "Invoice,StockCode\n");
        assertThatThrownBy(() -> UciRetail.load(h, weights)).hasMessageContaining("line 1: expected the header");
    }

    @Test
    void eventExportWeighsEventsAsTheServerDoes() throws Exception {
        Path p = write("events.jsonl",
                """
                        {"eventId":"e1","type":"view","userId":"u1","timestamp":"2024-01-01T00:00:00Z","itemId":"a","offset":0}
                        {"type":"purchase","userId":"u1","timestamp":"2024-01-02T00:00:00Z","orderId":"o1","lineItems":[{"itemId":"a","price":2.5,"quantity":5,"currency":"EUR"},{"itemId":"b","price":1,"quantity":1}]}
                        {"type":"impression","anonymousId":"v9","timestamp":"2024-01-02T00:00:00Z","items":[{"itemId":"a","position":0}],"context":{"recommendationId":"r"}}
                        {"type":"custom","customType":"wishlist","userId":"u1","timestamp":"2024-01-02T00:00:00Z","itemId":"c"}
                        {"type":"rate","anonymousId":"v9","timestamp":"2024-01-03T00:00:00Z","itemId":"c","value":1}
                        {"type":"refund","userId":"u1","timestamp":"2024-01-04T00:00:00Z","orderId":"o1","lineItems":[{"itemId":"b","price":1,"quantity":1}]}
                        """);
        Interactions d = EventExport.load(p, weights);
        assertThat(d.size()).isEqualTo(5);
        assertThat(d.weight(0)).isEqualTo(1f); // view
        assertThat(d.weight(1)).isEqualTo(24f); // purchase line, quantity 5 capped at 3
        assertThat(d.weight(2)).isEqualTo(8f);
        assertThat(d.basketId(d.basket(1))).isEqualTo("o1");
        assertThat(d.userId(d.user(3))).isEqualTo("v9");
        assertThat(d.weight(3)).isEqualTo(-2.25f); // (1 - 2.5) × 1.5
        assertThat(d.weight(4)).isEqualTo(-8f); // refund
        assertThat(d.provenance().cleaning()).containsEntry("events", 6L).containsEntry("skippedNoItemPreference", 1L)
                .containsEntry("skippedCustom", 1L);
    }

    @Test
    void badEventLinesAreNamed() throws Exception {
        Path p = write("bad.jsonl", """
                {"type":"view","userId":"u1","timestamp":"2024-01-01T00:00:00Z","itemId":"a"}
                not json
                {"type":"teleport","userId":"u1","timestamp":"2024-01-01T00:00:00Z"}
                {"type":"view","timestamp":"2024-01-01T00:00:00Z","itemId":"a"}
                {"type":"view","userId":"u1","timestamp":"yesterday","itemId":"a"}
                {"type":"purchase","userId":"u1","timestamp":"2024-01-01T00:00:00Z"}
                """);
        assertThatThrownBy(() -> EventExport.load(p, weights)).isInstanceOf(DatasetException.class)
                .hasMessageContaining("5 bad lines").hasMessageContaining("line 2: not valid JSON")
                .hasMessageContaining("line 3: unknown type 'teleport'")
                .hasMessageContaining("line 4: neither userId nor anonymousId is set")
                .hasMessageContaining("line 5: timestamp is missing or not an ISO-8601 instant")
                .hasMessageContaining("line 6: purchase needs lineItems");
    }

    @Test
    void specsNameTheirFormat() {
        assertThat(Datasets.parse("uci:/data/x.csv.xz")).isEqualTo(new Datasets.Spec("uci", Path.of("/data/x.csv.xz")));
        assertThatThrownBy(() -> Datasets.parse("movielens:/x"))
                .hasMessageContaining("unknown dataset format 'movielens'");
        assertThatThrownBy(() -> Datasets.parse("/x")).hasMessageContaining("--dataset must be");
    }

    @Test
    void aUserSampleIsSeededAndKeepsWholeUsers() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int u = 0; u < 50; u++) {
            for (int k = 0; k < 4; k++) {
                sb.append(u).append(' ').append((u + k) % 17).append('\n');
            }
        }
        Interactions d = SequenceFiles.load(write("many.txt", sb.toString()), SequenceFiles.Layout.PAIRS, weights);
        Interactions a = d.sampleUsers(10, 7);
        Interactions b = d.sampleUsers(10, 7);
        assertThat(a.userCount()).isEqualTo(10);
        assertThat(a.size()).isEqualTo(40);
        for (int u = 0; u < 10; u++) {
            assertThat(a.userId(u)).isEqualTo(b.userId(u));
        }
        assertThat(a.provenance().cleaning()).containsEntry("sampledUsers", 10L);
        assertThat(d.sampleUsers(500, 7)).isSameAs(d);
    }
}
