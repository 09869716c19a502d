package org.shoptide.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonColumnsTest {

    @Test
    void listsRoundTripAnyText() {
        List<String> values = List.of("", "plain", "中文", "русский", "emoji 😀👩‍👩‍👧", "quote \" backslash \\ slash /",
                "controls \u0000\u0001\u001f\u007f\b\f\n\r\t", "sep , ; | > [ ] { } :", "lone \ud800 high",
                "lone \udc00 low", "\u2028\u2029");
        String json = JsonColumns.encodeList(values);
        assertThat(json).doesNotContain("\n").doesNotContain("\u0000").contains("中文").contains("😀");
        assertThat(JsonColumns.decodeList(json)).containsExactlyElementsOf(values);
        assertThat(JsonColumns.encodeList(List.of())).isEqualTo("[]");
        assertThat(JsonColumns.decodeList("[]")).isEmpty();
    }

    @Test
    void mapsRoundTripAndEncodeInKeyOrder() {
        Map<String, String> map = Map.of("b", "2", "a", "1", "ключ", "значение", "键\"", "值\n");
        String json = JsonColumns.encodeMap(map);
        assertThat(json).startsWith("{\"a\":\"1\",\"b\":\"2\",");
        assertThat(JsonColumns.decodeMap(json)).isEqualTo(map);
        assertThat(JsonColumns.encodeMap(Map.of())).isEqualTo("{}");
    }

    @Test
    void numberMapsRoundTripExactly() {
        Map<String, Double> map = Map.of("a", 0.1, "b", 1e-300, "c", -2.5e10, "d", 3.0, "e", Double.MAX_VALUE);
        assertThat(JsonColumns.decodeNumberMap(JsonColumns.encodeNumberMap(map))).isEqualTo(map);
        assertThatThrownBy(() -> JsonColumns.encodeNumberMap(Map.of("x", Double.NaN)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void decodesEscapesAndWhitespaceWrittenByOthers() {
        assertThat(JsonColumns.decodeList(" [ \"\\u4e2d\\u6587\" , \"\\ud83d\\ude00\", \"a\\/b\" ] "))
                .containsExactly("中文", "😀", "a/b");
        assertThat(JsonColumns.decodeMap("{ \"k\" : \"v\" }")).isEqualTo(Map.of("k", "v"));
        assertThat(JsonColumns.decodeNumberMap("{\"k\": 12, \"m\": -0.5e1}")).isEqualTo(Map.of("k", 12.0, "m", -5.0));
    }

    @Test
    void rejectsMalformedOrWronglyShapedInput() {
        for (String bad : List.of("", "[", "[\"a\"", "[\"a\",]x", "{\"a\":1}", "[1]", "{\"a\":\"b\"} x", "\"s\"",
                "[\"\\x\"]", "[\"\\u12\"]", "[\"raw\ncontrol\"]")) {
            assertThatThrownBy(() -> JsonColumns.decodeList(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> JsonColumns.decodeMap("[\"a\"]")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JsonColumns.decodeNumberMap("{\"a\":\"1\"}"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
