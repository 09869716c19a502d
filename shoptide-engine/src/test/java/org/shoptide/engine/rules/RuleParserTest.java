package org.shoptide.engine.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.shoptide.engine.api.Scenario;
import org.shoptide.engine.api.ValidationException;
import org.shoptide.engine.api.Violation;

class RuleParserTest {

    static final String ALL_KINDS = """
            {"rules":[
              {"type":"include","category":"Garden","scenarios":["user","item"]},
              {"type":"exclude","brand":"Evil","attribute":{"name":"color","value":"red"},"minPrice":1,"maxPrice":20},
              {"type":"boost","when":"brand == \\"Acme\\" && price < 20","factor":1.5},
              {"type":"bury","when":"!inStock"},
              {"type":"pin","itemId":"A1","position":1,"scenario":"user"},
              {"type":"cap","field":"brand","max":2},
              {"type":"rotation","afterImpressions":5,"restMinutes":60},
              {"type":"inStockOnly"}
            ]}""";

    @Test
    void everyKindParsesAndTheCanonicalFormRoundTrips() {
        List<Rule> rules = RuleParser.parse(ALL_KINDS);
        assertThat(rules).hasSize(8);
        assertThat(rules.get(0)).isInstanceOf(Rule.Filter.class);
        assertThat(rules.get(0).scenarios()).containsExactlyInAnyOrder(Scenario.USER, Scenario.ITEM);
        assertThat(((Rule.Reweight) rules.get(3)).factor()).isEqualTo(RuleParser.DEFAULT_BURY);
        assertThat(rules.get(4)).isEqualTo(new Rule.Pin("A1", 1, java.util.Set.of(Scenario.USER)));
        String canonical = RuleParser.canonical(rules);
        assertThat(canonical)
                .startsWith("[{\"type\":\"include\",\"category\":\"Garden\",\"scenarios\":[\"user\",\"item\"]}");
        assertThat(canonical).contains("{\"type\":\"pin\",\"itemId\":\"A1\",\"position\":1,\"scenarios\":[\"user\"]}");
        assertThat(RuleParser.canonical(RuleParser.parse(canonical))).isEqualTo(canonical);
        assertThat(RuleParser.parse("[]")).isEmpty();
    }

    @Test
    void everyProblemIsReportedWithRuleIndexAndField() {
        String bad = """
                [{"type":"boost","when":"price < \\"x\\"","factor":0.5},
                 {"type":"teleport"},
                 {"type":"include"},
                 {"type":"pin","itemId":"A1","position":0,"color":"red"},
                 {"type":"cap","field":"colour","max":2.5},
                 {"type":"rotation","afterImpressions":3},
                 {"type":"exclude","minPrice":30,"maxPrice":10,"scenarios":["checkout"]},
                 "not an object"]""";
        assertThatThrownBy(() -> RuleParser.parse(bad)).isInstanceOfSatisfying(ValidationException.class,
                e -> assertThat(e.violations()).extracting(Violation::index, Violation::field).contains(
                        tuple(0, "when"), tuple(0, "factor"), tuple(1, "type"), tuple(2, "type"), tuple(3, "color"),
                        tuple(3, "position"), tuple(4, "field"), tuple(4, "max"), tuple(5, "restMinutes"),
                        tuple(6, "minPrice"), tuple(6, "scenarios"), tuple(7, "")));
        assertThatThrownBy(() -> RuleParser.parse("[{\"type\":\"boost\",\"when\":\"price < \\\"x\\\"\"}]"))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations().get(0).message())
                        .contains("at column 9").contains("price compares with a number"));
    }

    @Test
    void contradictoryPinsAreRejected() {
        assertThatThrownBy(() -> RuleParser.parse("""
                [{"type":"pin","itemId":"A","position":1},
                 {"type":"pin","itemId":"B","position":1,"scenarios":["item"]},
                 {"type":"pin","itemId":"A","position":3,"scenarios":["cart"]}]""")).isInstanceOfSatisfying(
                ValidationException.class,
                e -> assertThat(e.violations()).extracting(Violation::index, Violation::field)
                        .containsExactly(tuple(1, "position"), tuple(2, "itemId")));
        // the same position in disjoint scenarios is fine
        assertThat(RuleParser.parse("""
                [{"type":"pin","itemId":"A","position":1,"scenarios":["user"]},
                 {"type":"pin","itemId":"B","position":1,"scenarios":["item"]}]""")).hasSize(2);
    }

    @Test
    void notJsonOrNotAnArrayIsOneViolation() {
        assertThatThrownBy(() -> RuleParser.parse("[{\"type\":")).isInstanceOfSatisfying(ValidationException.class,
                e -> assertThat(e.violations()).singleElement()
                        .satisfies(v -> assertThat(v.message()).contains("not valid JSON")));
        assertThatThrownBy(() -> RuleParser.parse("{\"type\":\"inStockOnly\"}"))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations()).singleElement()
                        .satisfies(v -> assertThat(v.message()).contains("array")));
    }
}
