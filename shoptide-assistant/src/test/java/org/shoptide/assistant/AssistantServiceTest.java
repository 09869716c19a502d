package org.shoptide.assistant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.shoptide.assistant.Fixtures.ListCatalog;
import org.shoptide.assistant.Fixtures.Orders;
import org.shoptide.assistant.Fixtures.ProfileRanker;
import org.shoptide.assistant.catalog.CatalogIndexes;
import org.shoptide.assistant.nlu.Analyzers;
import org.shoptide.assistant.nlu.Intent;
import org.shoptide.assistant.nlu.Language;
import org.shoptide.assistant.port.Customer;
import org.shoptide.assistant.port.FeedbackSink;
import org.shoptide.assistant.reply.GroundingCheck;
import org.shoptide.assistant.reply.ShownProduct;
import org.shoptide.assistant.retrieval.LexicalRetriever;
import org.shoptide.core.catalog.Item;
import org.shoptide.core.port.ConversationStore.TurnRecord;
import org.shoptide.testing.fake.InMemoryConversationStore;

class AssistantServiceTest {
    private final List<Item> items = Fixtures.catalog();
    private final ListCatalog catalog = new ListCatalog(items);
    private final Analyzers analyzers = new Analyzers();
    private final CatalogIndexes indexes = new CatalogIndexes(catalog, analyzers, Runnable::run);
    private final TestLexicon lexicon = new TestLexicon();
    private final ProfileRanker ranker = new ProfileRanker(items);
    private final InMemoryConversationStore store = new InMemoryConversationStore();
    private final Orders orders = new Orders();
    private final AtomicInteger ids = new AtomicInteger();

    private AssistantService service(boolean withOrders) {
        return new AssistantService(indexes, new TestParser(lexicon), lexicon, new LexicalRetriever(), ranker, ranker,
                withOrders ? orders : null, store, null, AssistantOptions.DEFAULTS,
                Clock.fixed(Instant.parse("2026-12-07T05:00:00Z"), ZoneOffset.UTC), () -> "c" + ids.incrementAndGet());
    }

    @AfterEach
    void close() {
        indexes.close();
        analyzers.close();
    }

    private static Set<String> ids(TurnResult r) {
        return r.products().stream().map(ShownProduct::itemId).collect(Collectors.toSet());
    }

    private long price(String id) {
        return Math.round(items.stream().filter(i -> i.id().equals(id)).findFirst().orElseThrow().price() * 100);
    }

    @Test
    void aRussianMessageFindsAChineseCatalogWithinTheBudgetInStockFirst() {
        AssistantService s = service(false);
        String c = s.start(Fixtures.SHOP, Customer.user("u1"), Language.RU).id();
        TurnResult r = s.message(Fixtures.SHOP, c, "кроссовки до 700");
        assertThat(r.outcome()).isEqualTo("answer");
        assertThat(r.language()).isEqualTo(Language.RU);
        assertThat(ids(r)).containsExactlyInAnyOrder("zh-run-1", "zh-run-3", "en-run-4", "en-run-6");
        assertThat(r.products()).allMatch(p -> p.priceMinor() <= 70_000 && !p.overBudget());
        assertThat(r.products().get(r.products().size() - 1).itemId()).isEqualTo("en-run-6"); // out of stock last
        assertThat(r.recommendationId()).isEqualTo(ranker.answers.get(0).recommendationId());
        assertThat(r.reply()).startsWith("Вот что нашлось:").contains("699\u00a0¥", "в наличии", "нет в наличии",
                "укладывается в бюджет 700\u00a0¥");
        assertThat(r.products()).filteredOn(p -> p.itemId().equals("en-run-4")).first()
                .satisfies(p -> assertThat(p.title()).isEqualTo("Asics Novablast running shoes"));
    }

    @Test
    void whenNothingFitsTheBudgetTheNearestAreOfferedAndMarked() {
        AssistantService s = service(false);
        String c = s.start(Fixtures.SHOP, Customer.user("u1"), Language.EN).id();
        TurnResult r = s.message(Fixtures.SHOP, c, "headphones under 10");
        assertThat(r.outcome()).isEqualTo("over_budget");
        assertThat(r.products()).isNotEmpty().allMatch(ShownProduct::overBudget);
        assertThat(r.products().get(0).itemId()).isEqualTo("en-hp-2"); // nearest first
        assertThat(r.reply()).startsWith("Nothing fits your budget of ¥10.").contains("above your budget", "¥49");
    }

    @Test
    void twoCustomersAskingTheSameGetDifferentOrdersByTheirHistory() {
        AssistantService s = service(false);
        ranker.bought("asics-fan", "Asics");
        ranker.bought("nike-fan", "Nike");
        String a = s.start(Fixtures.SHOP, Customer.user("asics-fan"), Language.EN).id();
        String n = s.start(Fixtures.SHOP, Customer.user("nike-fan"), Language.EN).id();
        TurnResult ra = s.message(Fixtures.SHOP, a, "running shoes under 1000");
        TurnResult rn = s.message(Fixtures.SHOP, n, "running shoes under 1000");
        assertThat(ra.products().get(0).brand()).isEqualTo("Asics");
        assertThat(rn.products().get(0).brand()).isEqualTo("Nike");
        assertThat(ra.products().get(0).reason()).contains("picked for your taste");
    }

    private AssistantService twoPerAnswer() {
        return new AssistantService(indexes, new TestParser(lexicon), lexicon, new LexicalRetriever(), ranker, ranker,
                null, store, null, new AssistantOptions(2, 200), Clock.systemUTC(), () -> "m" + ids.incrementAndGet());
    }

    @Test
    void cheaperAndAnotherBrandRefineTheRunningIntent() {
        AssistantService s = twoPerAnswer();
        ranker.bought("v1", "Asics"); // the dearest running shoes come first for this visitor
        String c = s.start(Fixtures.SHOP, Customer.anonymous("v1"), Language.ZH).id();
        TurnResult first = s.message(Fixtures.SHOP, c, "跑鞋");
        long cheapest = first.products().stream().mapToLong(ShownProduct::priceMinor).min().orElseThrow();
        TurnResult cheaper = s.message(Fixtures.SHOP, c, "便宜一点");
        assertThat(cheaper.products()).isNotEmpty().allMatch(p -> p.priceMinor() < cheapest);
        assertThat(cheaper.intent().maxPriceMinor()).isEqualTo(cheapest - 1);

        String c2 = s.start(Fixtures.SHOP, Customer.anonymous("v1"), Language.ZH).id();
        TurnResult shoes = s.message(Fixtures.SHOP, c2, "耐克跑鞋");
        assertThat(shoes.products()).isNotEmpty().allMatch(p -> p.brand().equals("Nike"));
        TurnResult other = s.message(Fixtures.SHOP, c2, "换个牌子");
        assertThat(other.products()).isNotEmpty().noneMatch(p -> p.brand().equals("Nike"));
        assertThat(other.intent().excludedBrands()).contains("Nike");
    }

    @Test
    void showMoreNeverRepeatsAndEndsClearly() {
        AssistantService s = twoPerAnswer();
        String c = s.start(Fixtures.SHOP, Customer.user("u1"), Language.EN).id();
        TurnResult p1 = s.message(Fixtures.SHOP, c, "running shoes");
        TurnResult p2 = s.message(Fixtures.SHOP, c, "show more");
        TurnResult p3 = s.message(Fixtures.SHOP, c, "show more");
        TurnResult p4 = s.message(Fixtures.SHOP, c, "show more");
        assertThat(p1.products()).hasSize(2);
        assertThat(p2.products()).hasSize(2).noneMatch(p -> ids(p1).contains(p.itemId()));
        assertThat(p3.products()).hasSize(2)
                .noneMatch(p -> ids(p1).contains(p.itemId()) || ids(p2).contains(p.itemId()));
        assertThat(p4.outcome()).isEqualTo("no_more");
        assertThat(p4.reply()).isEqualTo("That is everything I have for this request.");
        assertThat(p1.suggestions()).contains("show more");
    }

    @Test
    void refusingForPriceTeachesTheEngineAndChangesTheNextAnswer() {
        AssistantService s = twoPerAnswer();
        ranker.bought("u7", "Asics");
        String c = s.start(Fixtures.SHOP, Customer.user("u7"), Language.EN).id();
        TurnResult first = s.message(Fixtures.SHOP, c, "running shoes");
        TurnResult refused = s.message(Fixtures.SHOP, c, "too expensive, no thanks");
        assertThat(refused.outcome()).isEqualTo("refused");
        assertThat(ranker.events).filteredOn(e -> e.type() == FeedbackSink.Type.DISLIKE)
                .extracting(FeedbackSink.Feedback::itemId).containsExactlyInAnyOrderElementsOf(ids(first));
        assertThat(ranker.events).allMatch(e -> "price".equals(e.properties().get("reason"))
                && first.recommendationId().equals(e.recommendationId()));
        long cheapest = first.products().stream().mapToLong(ShownProduct::priceMinor).min().orElseThrow();
        assertThat(refused.products()).isNotEmpty()
                .allMatch(p -> !ids(first).contains(p.itemId()) && p.priceMinor() < cheapest);
        assertThat(refused.reply()).startsWith("Understood, I will not show that again.");
        // refused products stay out of the conversation, also for a new request
        TurnResult again = s.message(Fixtures.SHOP, c, "shoes");
        assertThat(again.products()).noneMatch(p -> ids(first).contains(p.itemId()));
    }

    @Test
    void buyingTheSecondOnePlacesAnOrderOnceAndWithoutAnOrderPortAddsToCart() {
        AssistantService s = service(true);
        String c = s.start(Fixtures.SHOP, Customer.user("u1"), Language.EN).id();
        TurnResult shown = s.message(Fixtures.SHOP, c, "running shoes");
        TurnResult bought = s.message(Fixtures.SHOP, c, "I'll buy the second one");
        assertThat(bought.outcome()).isEqualTo("order_placed");
        assertThat(bought.products()).extracting(ShownProduct::itemId)
                .containsExactly(shown.products().get(1).itemId());
        assertThat(bought.reply()).contains(bought.orderId(), bought.payUrl(), shown.products().get(1).title());
        TurnResult button = s.act(Fixtures.SHOP, c, Intent.Feedback.BUY, null, shown.products().get(1).itemId(), null);
        assertThat(button.orderId()).isEqualTo(bought.orderId());
        assertThat(orders.placed).hasSize(1);

        AssistantService noOrders = service(false);
        String c2 = noOrders.start(Fixtures.SHOP, Customer.user("u2"), Language.EN).id();
        TurnResult one = noOrders.message(Fixtures.SHOP, c2, "kettle");
        assertThat(one.products()).hasSize(1);
        TurnResult cart = noOrders.message(Fixtures.SHOP, c2, "I'll buy it");
        assertThat(cart.outcome()).isEqualTo("added_to_cart");
        assertThat(ranker.events).extracting(FeedbackSink.Feedback::type)
                .containsExactly(FeedbackSink.Type.ADD_TO_CART);
    }

    @Test
    void buyingWithoutSayingWhichAsksAndThinkingRecordsInterest() {
        AssistantService s = service(true);
        String c = s.start(Fixtures.SHOP, Customer.user("u1"), Language.RU).id();
        s.message(Fixtures.SHOP, c, "кроссовки");
        assertThat(s.message(Fixtures.SHOP, c, "куплю").outcome()).isEqualTo("ask_which");
        TurnResult think = s.message(Fixtures.SHOP, c, "последний, надо подумать");
        assertThat(think.outcome()).isEqualTo("considered");
        assertThat(think.products()).hasSize(1);
        assertThat(ranker.events).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(FeedbackSink.Type.CLICK);
            assertThat(e.itemId()).isEqualTo(think.products().get(0).itemId());
        });
        assertThatThrownBy(() -> s.act(Fixtures.SHOP, c, Intent.Feedback.BUY, null, "not-shown", null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aMessageWithoutAProductTypeGetsAClarifyingQuestionWithCategories() {
        AssistantService s = service(false);
        String c = s.start(Fixtures.SHOP, Customer.user("u1"), Language.EN).id();
        TurnResult r = s.message(Fixtures.SHOP, c, "?!");
        assertThat(r.outcome()).isEqualTo("clarify");
        assertThat(r.products()).isEmpty();
        assertThat(r.reply()).startsWith("What are you looking for? For example:").contains("Running shoes");
        TurnResult buy = s.message(Fixtures.SHOP, c, "I'll buy it");
        assertThat(buy.outcome()).isEqualTo("nothing_shown");
    }

    @Test
    void turnsAreStoredWithIntentProductsAndOutcome() {
        AssistantService s = service(false);
        String c = s.start(Fixtures.SHOP, Customer.user("u1"), Language.EN).id();
        TurnResult r = s.message(Fixtures.SHOP, c, "headphones under 2000");
        s.act(Fixtures.SHOP, c, Intent.Feedback.REFUSE, 1, null, Intent.RefusalReason.STYLE);
        List<TurnRecord> turns = s.transcript(Fixtures.SHOP, c);
        assertThat(turns).hasSize(2);
        assertThat(turns.get(0).message()).isEqualTo("headphones under 2000");
        assertThat(turns.get(0).intent()).contains("\"productType\":\"headphones\"");
        assertThat(turns.get(0).productIds())
                .containsExactlyElementsOf(r.products().stream().map(ShownProduct::itemId).toList());
        assertThat(turns.get(0).recommendationId()).isEqualTo(r.recommendationId());
        assertThat(turns.get(1).message()).isEqualTo("action:refuse:1");
        assertThat(turns.get(1).outcome()).isEqualTo("refused");
        assertThat(s.conversations(Fixtures.SHOP, Customer.user("u1"))).extracting(c1 -> c1.id()).containsExactly(c);
        assertThat(ranker.events).singleElement()
                .satisfies(e -> assertThat(e.properties()).containsEntry("reason", "style"));
    }

    @Test
    void everyReplyOfManyGeneratedTurnsIsGroundedAndWithinBudget() {
        AssistantService s = service(true);
        Random random = new Random(20261207);
        String[] types = { "running shoes", "кроссовки", "跑鞋", "headphones", "наушники", "耳机", "kettle", "电水壶",
                "shoes" };
        String[] follow = { "cheaper", "another brand", "show more", "便宜一点", "换个牌子", "ещё", "дешевле", "no thanks",
                "the second one, think about it", "I'll buy the first one" };
        GroundingCheck check = new GroundingCheck();
        int turns = 0;
        for (int conversation = 0; conversation < 40; conversation++) {
            String c = s.start(Fixtures.SHOP, Customer.user("g" + conversation), Language.EN).id();
            String type = types[random.nextInt(types.length)];
            String budget = random.nextBoolean() ? "" : " under " + (50 + random.nextInt(1200));
            TurnResult r = s.message(Fixtures.SHOP, c, type + budget);
            for (int t = 0; t < 4; t++) {
                turns++;
                Long max = r.intent() == null ? null : r.intent().maxPriceMinor();
                if (max != null) {
                    assertThat(r.products()).allMatch(p -> p.overBudget() || p.priceMinor() <= max);
                }
                for (ShownProduct p : r.products()) {
                    assertThat(p.priceMinor()).isEqualTo(price(p.itemId()));
                }
                GroundingCheck.Verdict v = check.check(r.reply(), r.products(),
                        Answers.bounds(r.intent() == null ? emptyIntent() : r.intent(), r.products()),
                        indexes.get(Fixtures.SHOP));
                assertThat(v.violations()).as(r.reply()).isEmpty();
                r = s.message(Fixtures.SHOP, c, follow[random.nextInt(follow.length)]);
            }
        }
        assertThat(turns).isEqualTo(160);
    }

    private static Intent emptyIntent() {
        return new Intent(Language.EN, null, null, null, null, null, false, null, null, null, null, null, null, null,
                null, null, null, null);
    }
}
