package org.shoptide.assistant.nlu;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LanguageDetectorTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = ';', value = { "red running shoes;EN", "跑鞋;ZH", "кроссовки;RU", "我想买nike的鞋;ZH",
            "买个iPhone 15 Pro Max;ZH", "кроссовки Nike Air Max 90;RU", "iPhone 15 до 100 тысяч;RU", "1234;EN", ";EN",
            "耐克 кроссовки найк адидас;RU", "运动鞋 кроссовки;ZH" })
    void theScriptOfTheContentWordsDecides(String message, Language expected) {
        assertThat(LanguageDetector.detect(message == null ? "" : message)).isEqualTo(expected);
    }
}
