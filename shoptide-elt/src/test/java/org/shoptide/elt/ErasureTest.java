package org.shoptide.elt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shoptide.core.profile.CustomerRow;
import org.shoptide.core.shop.ShopId;

class ErasureTest {
    static final ShopId SHOP = CustomerMartTest.SHOP;

    @TempDir
    Path dir;

    private static long count(Path root, String glob, String where) throws Exception {
        try (Connection c = Duck.open(1)) {
            return Duck.scalarLong(c, "SELECT count(*) FROM read_parquet(" + Duck.lit(root + "/" + glob)
                    + ", union_by_name = true) WHERE " + where);
        }
    }

    @Test
    void erasingAUserRewritesTheRawFilesAndMartsThatHoldThem() throws Exception {
        Path examples = Examples.copy(dir.resolve("examples"));
        Examples.writeEvents(dir.resolve("lake"), SHOP);
        EltService elt;
        try (FakeFeed feed = CustomerMartTest.socialFeed(examples)) {
            elt = CustomerMartTest.service(dir, examples, feed.url("/profiles"));
            elt.loadAll(SHOP);
            assertThat(elt.run(SHOP, CustomerMartTest.AS_OF).published()).isTrue();
        }
        Path lake = dir.resolve("lake");
        String ann = elt.hasher(SHOP).hash(PiiKind.EMAIL, "ann@example.com");
        String raw = "raw/shop=demo/source=";
        assertThat(count(lake, raw + "shop2_orders/*/*/*.parquet", "email = '" + ann + "'")).isEqualTo(1);
        assertThat(count(lake, raw + "property_register/*/*/*.parquet", "buyer_email = '" + ann + "'")).isEqualTo(2);
        assertThat(count(lake, raw + "social_profiles/*/*/*.parquet", "user_id = 'u1'")).isEqualTo(1);
        long cara = count(lake, raw + "shop2_orders/*/*/*.parquet", "true") - 1;

        EltEraser.Erasure e = elt.erase(SHOP, Optional.of("u1"), Optional.empty());

        assertThat(e.rowsRemoved()).isPositive();
        assertThat(count(lake, raw + "shop2_orders/*/*/*.parquet", "email = '" + ann + "'")).isZero();
        assertThat(count(lake, raw + "shop2_orders/*/*/*.parquet", "true")).isEqualTo(cara);
        assertThat(count(lake, raw + "property_register/*/*/*.parquet", "buyer_email = '" + ann + "'")).isZero();
        assertThat(count(lake, raw + "property_register/*/*/*.parquet", "true")).isEqualTo(2);
        assertThat(count(lake, raw + "social_profiles/*/*/*.parquet", "email = '" + ann + "'")).isZero();
        assertThat(count(lake, "marts/mart_customer_360/shop=demo/part-0.parquet", "customer_key = 'u:u1'")).isZero();
        assertThat(count(lake, "marts/stg_identities/shop=demo/part-0.parquet", "email_hash = '" + ann + "'")).isZero();
        DuckCustomerMart mart = new DuckCustomerMart(new EltLayout(lake));
        assertThat(mart.find(SHOP, "u1")).isEmpty();
        assertThat(mart.find(SHOP, "u2")).map(CustomerRow::customerKey).contains("u:u2");
        // recorded in the lineage, by hashes only
        List<String> log = Files.readAllLines(lake.resolve("_loads/shop=demo/_erasures.jsonl"));
        assertThat(log).hasSize(1);
        assertThat(log.get(0)).contains("rowsRemoved").contains(ann).doesNotContain("\"u1\"");
        // no temporary files left behind
        try (var s = Files.walk(lake)) {
            assertThat(s.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList()).isEmpty();
        }
    }
}
