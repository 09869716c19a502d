package org.shoptide.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.shoptide.engine.BusinessRulesTest.ids;
import static org.shoptide.engine.EngineFixture.SHOP;
import static org.shoptide.engine.ExposureAndAttributionTest.recommend;
import static org.shoptide.engine.ExposureAndAttributionTest.shop;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.shoptide.core.user.User;
import org.shoptide.engine.api.ValidationException;

/**
 * Rules keyed on user traits (segments, community keywords) over the shop of {@link ExposureAndAttributionTest}: Lamps
 * i0..i5 and Rugs i6..i11, trending in index order.
 */
class UserConditionRulesTest {

    @Test
    void aRuleOnASegmentChangesThatSegmentsAnswersOnly() {
        try (EngineFixture f = new EngineFixture()) {
            DefaultEngine engine = shop(f);
            engine.upsertUser(SHOP, new User("u3", Map.of("segment", "3"), null, null));
            engine.upsertUser(SHOP, new User("u1", Map.of("segment", "1"), null, null));
            List<String> before3 = ids(recommend(engine, "u3", 4));
            List<String> before1 = ids(recommend(engine, "u1", 4));
            List<String> beforeAnonymousUser = ids(recommend(engine, "u9", 4));
            assertThat(before3).containsExactly("i0", "i1", "i2", "i3");

            engine.replaceRules(SHOP, """
                    [{"type":"boost","when":"user.segment == 3 && category == \\"Rugs\\"","factor":100}]""");
            assertThat(ids(recommend(engine, "u3", 4))).as("segment 3 gets rugs first").containsExactly("i6", "i7",
                    "i8", "i9");
            assertThat(ids(recommend(engine, "u1", 4))).as("segment 1 unchanged").isEqualTo(before1);
            assertThat(ids(recommend(engine, "u9", 4))).as("a user without traits unchanged")
                    .isEqualTo(beforeAnonymousUser);

            // a trait change takes effect on the next request
            engine.upsertUser(SHOP, new User("u1", Map.of("segment", "3"), null, null));
            assertThat(ids(recommend(engine, "u1", 4))).startsWith("i6");
        }
    }

    @Test
    void keywordTraitsMatchWithContains() {
        try (EngineFixture f = new EngineFixture()) {
            DefaultEngine engine = shop(f);
            engine.upsertUser(SHOP, new User("u1", Map.of("kw", "garden,rug,plant"), null, null));
            engine.upsertUser(SHOP, new User("u2", Map.of("kw", "sofa,lamp"), null, null));
            engine.replaceRules(SHOP, """
                    [{"type":"bury","when":"user.traits.kw contains \\"garden\\" && category == \\"Lamps\\"",
                      "factor":0.001}]""");
            assertThat(ids(recommend(engine, "u1", 4))).containsExactly("i6", "i7", "i8", "i9");
            assertThat(ids(recommend(engine, "u2", 4))).containsExactly("i0", "i1", "i2", "i3");
        }
    }

    @Test
    void userConditionsAreTypeCheckedWhenSaved() {
        try (EngineFixture f = new EngineFixture()) {
            DefaultEngine engine = shop(f);
            for (String when : List.of("user. == \\\"3\\\"", "user == \\\"3\\\"", "user.segment < \\\"3\\\"",
                    "user.segment contains", "user.segment", "brand contains \\\"x\\\"")) {
                assertThatThrownBy(() -> engine.replaceRules(SHOP,
                        "[{\"type\":\"boost\",\"when\":\"" + when + "\",\"factor\":2}]")).as(when)
                                .isInstanceOf(ValidationException.class);
            }
            assertThat(engine.rules(SHOP).version()).isZero();
        }
    }
}
