package org.shoptide.peers.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UciSplitTest {
    private static final String HEADER = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n";

    @TempDir
    Path dir;

    @Test
    void cleansAsDocumentedAndSplitsAtTheCut() throws IOException {
        Path csv = Files.writeString(dir.resolve("retail.csv"), HEADER
                + "536365,85123A,\"WHITE HANGING HEART, T-LIGHT\",6,2011-08-01 08:26:00,2.55,17850,United Kingdom\n"
                + "536366,22633,\"HAND WARMER \"\"UNION JACK\"\"\",6,2011-08-31 23:59:00,1.85,17850,United Kingdom\n"
                + "C536379,22633,HAND WARMER,-1,2011-08-02 09:41:00,1.85,17850,United Kingdom\n"
                + "A563185,B,Adjust bad debt,1,2011-08-12 14:50:00,11062.06,,United Kingdom\n"
                + "536370,POST,POSTAGE,3,2011-08-01 08:45:00,18,12583,France\n"
                + "536371,22086,NO CUSTOMER,1,2011-08-01 08:45:00,2.1,,United Kingdom\n"
                + "536372,22087,FREE,1,2011-08-01 08:45:00,0,12583,France\n"
                + "536373,22088,ZERO,0,2011-08-01 08:45:00,1,12583,France\n"
                + "536374,22089,FRENCH,2,2011-08-05 10:00:00,1,12583,France\n"
                + "540001,85123A,AGAIN,6,2011-09-01 00:00:00,2.55,17850,United Kingdom\n"
                + "540002,21730,NEW,6,2011-09-02 10:00:00,4.25,17850,United Kingdom\n"
                + "540003,21730,NEW,6,2011-09-03 10:00:00,4.25,17850,United Kingdom\n"
                + "540004,21730,NEWCOMER,6,2011-09-03 10:00:00,4.25,99999,United Kingdom\n");

        UciSplit.Summary s = UciSplit.write(csv, null, LocalDate.of(2011, 9, 1), null, dir.resolve("split"));

        assertThat(s.rows()).isEqualTo(13);
        assertThat(s.kept()).isEqualTo(7);
        assertThat(Files.readAllLines(dir.resolve("split/train.tsv"))).containsExactly(
                "17850\t85123A\t1\t" + millis(2011, 8, 1, 8, 26), "17850\t22633\t1\t" + millis(2011, 8, 31, 23, 59),
                "12583\t22089\t1\t" + millis(2011, 8, 5, 10, 0));
        assertThat(Files.readAllLines(dir.resolve("split/targets.tsv"))).as("customers with training lines only")
                .containsExactly("17850\t85123A", "17850\t21730");
        assertThat(Files.readString(dir.resolve("split/split.json"))).contains("\"cut\": \"2011-09-01\"",
                "\"sha256\": \"" + s.sha256() + "\"");
    }

    private static long millis(int y, int m, int d, int h, int min) {
        return LocalDateTime.of(y, m, d, h, min).toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    @Test
    void quotedFieldsKeepCommasAndDoubledQuotes() {
        assertThat(UciSplit.fields("a,\"b, \"\"c\"\"\",,d", Path.of("x.csv"), 2))
                .isEqualTo(List.of("a", "b, \"c\"", "", "d"));
        assertThatThrownBy(() -> UciSplit.fields("a,\"b", Path.of("x.csv"), 7))
                .hasMessage("x.csv line 7: unterminated quoted field");
    }
}
