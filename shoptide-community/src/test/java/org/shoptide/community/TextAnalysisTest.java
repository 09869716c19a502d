package org.shoptide.community;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.shoptide.assistant.nlu.Language;

class TextAnalysisTest {
    @Test
    void eachLanguageIsCutByItsOwnAnalyser() {
        try (TextAnalysis a = new TextAnalysis()) {
            TextAnalysis.Analysed en = a.analyse("Just moved in, planning our new garden!");
            TextAnalysis.Analysed zh = a.analyse("刚搬进新家，正在规划我们的新花园");
            TextAnalysis.Analysed ru = a.analyse("Только что переехали, планируем наш новый сад");
            assertThat(en.language()).isEqualTo(Language.EN);
            assertThat(zh.language()).isEqualTo(Language.ZH);
            assertThat(ru.language()).isEqualTo(Language.RU);
            assertThat(en.terms()).contains("garden").doesNotContain("our", "in");
            assertThat(zh.terms()).contains("花园").doesNotContain("的", "我们");
            assertThat(ru.terms()).contains("сад").doesNotContain("наш");
        }
    }

    @Test
    void tfIdfPrefersRareTermsAndIsNormalisedByLength() {
        List<TfIdf.Weighted> top = TfIdf.top(List.of("garden", "garden", "new", "plan"), 100, t -> switch (t) {
            case "new" -> 60;
            case "plan" -> 5;
            default -> 2;
        }, 2);
        assertThat(top).extracting(TfIdf.Weighted::term).containsExactly("garden", "plan");
        double idfGarden = Math.log(101.0 / 3) + 1;
        assertThat(top.get(0).weight()).isCloseTo(0.5 * idfGarden, org.assertj.core.data.Offset.offset(1e-12));
    }
}
