package org.shoptide.assistant.nlu;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AnalyzersTest {
    @Test
    void eachLanguageIsSegmentedAndStemmed() {
        try (Analyzers a = new Analyzers()) {
            assertThat(a.terms(Language.ZH, "我想买一双红色的跑步鞋")).contains("红色", "跑步", "鞋");
            assertThat(a.terms(Language.RU, "Хочу купить красные кроссовки")).contains("красн", "кроссовк");
            assertThat(a.terms(Language.EN, "Red running shoes")).containsExactly("red", "run", "shoe");
        }
    }
}
