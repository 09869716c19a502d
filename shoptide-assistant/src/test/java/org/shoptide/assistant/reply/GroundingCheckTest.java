package org.shoptide.assistant.reply;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.shoptide.assistant.Fixtures;
import org.shoptide.assistant.catalog.CatalogIndex;
import org.shoptide.assistant.nlu.Analyzers;
import org.shoptide.assistant.reply.GroundingCheck.Amount;

class GroundingCheckTest {
    private final Analyzers analyzers = new Analyzers();
    private final CatalogIndex index = new CatalogIndex(analyzers);
    private final GroundingCheck check = new GroundingCheck();
    private final List<ShownProduct> shown = List.of(
            new ShownProduct("zh-run-3", "李宁 超轻 跑鞋", "Li-Ning", 29_900, "CNY", "¥299", true, "", false),
            new ShownProduct("en-run-4", "Asics Novablast running shoes", "Asics", 59_900, "CNY", "¥599", true, "",
                    false));
    private final List<Amount> budget = List.of(new Amount(60_000, "CNY"));

    @BeforeEach
    void build() {
        index.sync(Fixtures.catalog());
    }

    @AfterEach
    void close() {
        index.close();
        analyzers.close();
    }

    private List<String> violations(String reply) {
        return check.check(reply, shown, budget, index).violations();
    }

    @Test
    void aReplyOfShownProductsAndTheirPricesAndTheBudgetIsGrounded() {
        assertThat(violations("Both fit your budget of ¥600: 李宁 超轻 跑鞋 for ¥299 and Asics Novablast running shoes"
                + " at 599 yuan; the 亚瑟士 Novablast 跑鞋 is in stock.")).isEmpty();
        assertThat(violations("Вот: Asics Novablast running shoes — 599\u00a0₽... 600 руб.")).isEmpty();
    }

    @Test
    void anInventedPriceOrAProductOutsideTheAnswerIsCaught() {
        assertThat(violations("李宁 超轻 跑鞋 now only ¥199!")).singleElement().asString().contains("¥199");
        assertThat(violations("Asics Novablast running shoes, $59.90")).hasSize(1);
        assertThat(violations("Or take the Кроссовки Nike Air Zoom instead.")).singleElement().asString()
                .contains("ru-run-5");
        assertThat(violations("亚瑟士 Gel-Kayano 跑鞋 is better")).singleElement().asString().contains("zh-run-2");
    }

    @Test
    void numbersAreReadWithEitherDecimalConvention() {
        assertThat(GroundingCheck.parse("18 000,50")).isEqualByComparingTo(new BigDecimal("18000.50"));
        assertThat(GroundingCheck.parse("18,000")).isEqualByComparingTo(new BigDecimal("18000"));
        assertThat(GroundingCheck.parse("1,234.5")).isEqualByComparingTo(new BigDecimal("1234.5"));
        assertThat(GroundingCheck.parse("79.99")).isEqualByComparingTo(new BigDecimal("79.99"));
        assertThat(GroundingCheck.parse("1.234.567")).isEqualByComparingTo(new BigDecimal("1234567"));
    }
}
