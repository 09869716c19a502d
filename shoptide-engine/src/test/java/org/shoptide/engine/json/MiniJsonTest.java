package org.shoptide.engine.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MiniJsonTest {

    @Test
    void parsesAndWritesEveryKindOfValue() {
        Object v = MiniJson.parse(" {\"a\":[1,-2.5e2,true,false,null],\"s\":\"q\\\"\\\\\\n\\u00e9 ✓ 🛒\",\"o\":{}} ");
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("a", Arrays.asList(1.0, -250.0, true, false, null));
        expected.put("s", "q\"\\\né ✓ 🛒");
        expected.put("o", Map.of());
        assertThat(v).isEqualTo(expected);
        String written = MiniJson.write(v);
        assertThat(written).isEqualTo("{\"a\":[1,-250,true,false,null],\"s\":\"q\\\"\\\\\\né ✓ 🛒\",\"o\":{}}");
        assertThat(MiniJson.parse(written)).isEqualTo(v);
        assertThat(MiniJson.write(List.of(0.1, 1e20))).isEqualTo("[0.1,1.0E20]");
        assertThat(MiniJson.write("\u0001\ud800")).isEqualTo("\"\\u0001\\ud800\"");
    }

    @Test
    void rejectsWhatIsNotJsonWithTheOffset() {
        assertThatThrownBy(() -> MiniJson.parse("{\"a\":1,}")).hasMessageContaining("offset 7");
        assertThatThrownBy(() -> MiniJson.parse("[1 2]")).hasMessageContaining("expected ',' or ']'");
        assertThatThrownBy(() -> MiniJson.parse("{\"a\":1,\"a\":2}")).hasMessageContaining("duplicate member");
        assertThatThrownBy(() -> MiniJson.parse("01")).hasMessageContaining("after the JSON value");
        assertThatThrownBy(() -> MiniJson.parse("\"open")).hasMessageContaining("unterminated");
        assertThatThrownBy(() -> MiniJson.parse("[".repeat(100))).hasMessageContaining("nested deeper");
        assertThatThrownBy(() -> MiniJson.parse("tru")).hasMessageContaining("expected true");
        assertThatThrownBy(() -> MiniJson.parse("")).hasMessageContaining("end of JSON");
        assertThatThrownBy(() -> MiniJson.parse("1e999")).hasMessageContaining("out of range");
    }
}
