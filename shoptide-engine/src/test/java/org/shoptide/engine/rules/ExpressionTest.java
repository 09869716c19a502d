package org.shoptide.engine.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.shoptide.core.catalog.Item;

class ExpressionTest {
    static final Item GNOME = new Item("A1", "Garden gnome", null, 12.5, "GBP", "Acme", List.of("Garden", "Decor"),
            Map.of("color", "Red", "size", "42"), List.of("sale", "new"), true, null, null);
    static final Item NO_PRICE = new Item("B2", null, null, null, null, null, List.of(), Map.of(), List.of(), false,
            null, null);

    private static boolean eval(String expr, Item item) {
        return Expression.parse(expr).test(item);
    }

    @Test
    void comparisonsOverItemFields() {
        assertThat(eval("brand == \"Acme\" && price < 20", GNOME)).isTrue();
        assertThat(eval("brand == 'acme'", GNOME)).as("strings ignore case").isTrue();
        assertThat(eval("brand != \"Acme\" || price >= 20", GNOME)).isFalse();
        assertThat(eval("category == \"Garden\"", GNOME)).as("any level of the path").isTrue();
        assertThat(eval("category == \"Decor\"", GNOME)).isTrue();
        assertThat(eval("tags in [\"clearance\", \"sale\"]", GNOME)).isTrue();
        assertThat(eval("price in [10, 12.5]", GNOME)).isTrue();
        assertThat(eval("attributes.color == \"red\" && attr.size > 40", GNOME)).isTrue();
        assertThat(eval("!(inStock) || price > 100", GNOME)).isFalse();
        assertThat(eval("inStock == false", NO_PRICE)).isTrue();
        assertThat(eval("!inStock", NO_PRICE)).isTrue();
        assertThat(eval("id == \"A1\" && (title == \"garden gnome\" || currency == \"EUR\")", GNOME)).isTrue();
    }

    @Test
    void missingValuesOnlySatisfyNotEqual() {
        assertThat(eval("price < 1000", NO_PRICE)).isFalse();
        assertThat(eval("price != 5", NO_PRICE)).isTrue();
        assertThat(eval("brand == \"Acme\"", NO_PRICE)).isFalse();
        assertThat(eval("brand != \"Acme\"", NO_PRICE)).isTrue();
        assertThat(eval("attributes.size >= 0", NO_PRICE)).isFalse();
        assertThat(eval("attributes.color > 1", GNOME)).as("a non-numeric value is no number").isFalse();
    }

    @Test
    void precedenceIsNotThenAndThenOr() {
        // true || (false && false) = true; (true || false) && false would be false
        assertThat(eval("brand == \"Acme\" || price > 100 && price < 0", GNOME)).isTrue();
        assertThat(eval("!brand == \"Acme\" || price > 100", GNOME)).as("! applies to the comparison").isFalse();
    }

    @Test
    void errorsNameTheColumn() {
        assertThatThrownBy(() -> Expression.parse("price < \"cheap\"")).hasMessageContaining("at column 9")
                .hasMessageContaining("price compares with a number");
        assertThatThrownBy(() -> Expression.parse("colour == \"red\"")).hasMessageContaining("unknown field 'colour'");
        assertThatThrownBy(() -> Expression.parse("brand = \"Acme\"")).hasMessageContaining("use ==");
        assertThatThrownBy(() -> Expression.parse("brand == \"Acme\" &&")).hasMessageContaining("ends too early");
        assertThatThrownBy(() -> Expression.parse("(price > 1")).hasMessageContaining("expected ')'");
        assertThatThrownBy(() -> Expression.parse("brand < \"a\"")).hasMessageContaining("strings support ==");
        assertThatThrownBy(() -> Expression.parse("title > 3")).hasMessageContaining("is not a number");
        assertThatThrownBy(() -> Expression.parse("tags in [\"a\", 1]")).hasMessageContaining("mixes");
        assertThatThrownBy(() -> Expression.parse("brand == \"open")).hasMessageContaining("unterminated");
        assertThatThrownBy(() -> Expression.parse(" ")).hasMessageContaining("empty");
        assertThatThrownBy(() -> Expression.parse("price > 1 price")).hasMessageContaining("unexpected 'price'");
        assertThatThrownBy(() -> Expression.parse("(".repeat(40) + "inStock" + ")".repeat(40)))
                .hasMessageContaining("nested deeper");
    }

    @Test
    void userTraitConditions() {
        Map<String, String> user = Map.of("segment", "3", "kw", "garden, Plant,hose", "age", "41");
        assertThat(Expression.parse("user.segment == \"3\"").test(GNOME, user)).isTrue();
        assertThat(Expression.parse("user.segment == 3").test(GNOME, user)).as("number literal as written").isTrue();
        assertThat(Expression.parse("user.traits.segment != \"3\"").test(GNOME, user)).isFalse();
        assertThat(Expression.parse("user.segment in [\"1\", \"3\"]").test(GNOME, user)).isTrue();
        assertThat(Expression.parse("user.kw contains \"plant\"").test(GNOME, user)).as("list trait, any case")
                .isTrue();
        assertThat(Expression.parse("user.kw contains \"gard\"").test(GNOME, user)).as("whole values").isFalse();
        assertThat(Expression.parse("user.age >= 40 && category == \"Garden\"").test(GNOME, user)).isTrue();
        assertThat(Expression.parse("user.age < 40").test(GNOME, user)).isFalse();
        // an anonymous caller or a missing trait satisfies only !=
        assertThat(Expression.parse("user.segment == \"3\"").test(GNOME)).isFalse();
        assertThat(Expression.parse("user.segment != \"3\"").test(GNOME)).isTrue();
        assertThat(Expression.parse("user.kw contains \"x\"").test(GNOME, Map.of())).isFalse();
        assertThat(Expression.parse("user.missing > 1").test(GNOME, user)).isFalse();
        assertThat(Expression.parse("user.segment == 3").readsUser()).isTrue();
        assertThat(Expression.parse("!(price > 1 || user.segment == 3)").readsUser()).isTrue();
        assertThat(Expression.parse("price > 1").readsUser()).isFalse();
    }

    @Test
    void userTraitConditionsAreTypeChecked() {
        for (String bad : List.of("user == \"3\"", "user. == \"3\"", "user.segment < \"3\"", "user.segment contains",
                "user.segment contains [\"a\"]", "user.segment", "tags contains \"x\"")) {
            assertThatThrownBy(() -> Expression.parse(bad)).as(bad)
                    .isInstanceOf(ExpressionParser.ExpressionException.class);
        }
    }
}
