package org.shoptide.assistant.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.shoptide.assistant.nlu.Language;

class MoneyTest {

    @Test
    void majorUnitsBecomeMinorUnitsOfTheCurrency() {
        assertThat(Money.toMinor(79.99, "USD")).hasValue(7_999);
        assertThat(Money.toMinor(0.1 + 0.2, "CNY")).hasValue(30);
        assertThat(Money.toMinor(1500.0, "JPY")).hasValue(1_500);
        assertThat(Money.toMinor(18000.0, "rub")).hasValue(1_800_000);
        assertThat(Money.toMinor(-1.0, "USD")).isEmpty();
        assertThat(Money.toMinor(Double.NaN, "USD")).isEmpty();
        assertThat(Money.toMinor(1.0, "XYZ")).isEmpty();
        assertThat(Money.toMinor(null, "USD")).isEmpty();
    }

    @Test
    void formatsFollowTheRepliesLanguage() {
        assertThat(Money.format(1_800_000, "RUB", Language.RU)).isEqualTo("18\u00a0000\u00a0₽");
        assertThat(Money.format(1_800_050, "RUB", Language.RU)).isEqualTo("18\u00a0000,50\u00a0₽");
        assertThat(Money.format(1_800_000, "RUB", Language.EN)).isEqualTo("₽18,000");
        assertThat(Money.format(29_900, "CNY", Language.ZH)).isEqualTo("¥299");
        assertThat(Money.format(7_999, "USD", Language.EN)).isEqualTo("$79.99");
        assertThat(Money.format(123_456_789, "USD", Language.EN)).isEqualTo("$1,234,567.89");
        assertThat(Money.format(1_500, "JPY", Language.EN)).isEqualTo("¥1,500");
        assertThat(Money.format(500, "CHF", Language.EN)).isEqualTo("CHF 5");
        assertThat(Money.format(500, "CHF", Language.RU)).isEqualTo("5\u00a0CHF");
    }
}
