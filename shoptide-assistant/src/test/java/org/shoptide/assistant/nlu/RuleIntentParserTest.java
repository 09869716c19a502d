package org.shoptide.assistant.nlu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RuleIntentParserTest {
    private static final ShippedLexicon LEXICON = ShippedLexicon.load();
    private static final RuleIntentParser PARSER = new RuleIntentParser(LEXICON);
    private static final ShopVocabulary USD_SHOP = shop("USD");
    private static final ShopVocabulary RUB_SHOP = shop("RUB");
    private static final ShopVocabulary CNY_SHOP = shop("CNY");

    private static ShopVocabulary shop(String currency) {
        return new ShopVocabulary(currency,
                List.of(List.of("Обувь"), List.of("Обувь", "Беговые кроссовки"), List.of("Электроника"),
                        List.of("Электроника", "Смартфоны"), List.of("Продукты")),
                Map.of("Беговые кроссовки", List.of("Running shoes", "跑鞋")), List.of("NIKE", "Apple", "Acme Shoes"),
                Map.of("colour", List.of("teal")), Map.of("трекинги", "hiking_boots", "acme", "Acme Shoes"));
    }

    /** Every budget form the issue lists, in the currency's minor units; empty cells are absent bounds. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = { "below 90 dollars;;9000;USD", "$80-150;8000;15000;USD",
            "not more than 300;;30000;USD", "around 200;17000;23000;USD", "under 75 bucks;;7500;USD",
            "1.5k;;150000;USD", "between 50 and 80 euros;5000;8000;EUR", "max 120;;12000;USD", "200 or less;;20000;USD",
            "до 7 тысяч;;700000;RUB", "от 3 до 8 тысяч рублей;300000;800000;RUB", "не больше 45000 ₽;;4500000;RUB",
            "в пределах 2,5 тыс.;;250000;RUB", "около 5000;425000;575000;RUB", "дешевле 3к;;300000;RUB",
            "тысячи за две;170000;230000;RUB", "250元以下;;25000;CNY", "不超过两千;;200000;CNY", "八百左右;68000;92000;CNY",
            "两万以内;;2000000;CNY", "200到400元之间;20000;40000;CNY", "三百块;;30000;CNY", "预算一千二;;120000;CNY",
            "一千五百元;;150000;CNY", "1千;;100000;CNY", "5百以内;;50000;CNY", "一万二;;1200000;CNY", "两千出头;200000;230000;CNY",
            "up to 1,500;;150000;USD", "до 1 500 рублей;;150000;RUB", "полторы тысячи;;150000;RUB",
            "от 30000;3000000;;RUB", "3000以上;300000;;CNY", "两三千;200000;300000;CNY" })
    void readsBudgetsInEveryFormTheIssueLists(String message, Long min, Long max, String currency) {
        ShopVocabulary shop = switch (LanguageDetector.detect(message)) {
            case RU -> RUB_SHOP;
            case ZH -> CNY_SHOP;
            case EN -> USD_SHOP;
        };
        Intent intent = PARSER.parse(message, shop);
        assertThat(intent.minPriceMinor()).as("floor").isEqualTo(min);
        assertThat(intent.maxPriceMinor()).as("ceiling").isEqualTo(max);
        assertThat(intent.currency()).isEqualTo(currency);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = { "camera 5-10k;500000;1000000;USD", "от 5 тыс. до 10 тыс.;500000;1000000;RUB",
            "up to 3 hundred;;30000;USD", "千元以内的手机;;100000;CNY", "50刀以内;;5000;USD", "价格在300-500之间;30000;50000;CNY",
            "under $99.99;;9999;USD", "тыщи за три;255000;345000;RUB", "shoes €50-€80;5000;8000;EUR",
            "cheap earbuds?? max like 30;;3000;USD", "nothing over $40;;4000;USD" })
    void readsOtherBudgetFormsSeenInTheWild(String message, Long min, Long max, String currency) {
        readsBudgetsInEveryFormTheIssueLists(message, min, max, currency);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = { "running shoes size 42", "кроссовки размер 42", "跑鞋42码", "2 pairs of socks",
            "两双袜子", "iPhone 15", "PS5 controller", "256GB phone", "5L kettle", "iphone 2023 model", "4k tv", "3 штуки",
            "gift for a 10 year old" })
    void numbersThatAreNotMoneyAreNoBudget(String message) {
        Intent intent = PARSER.parse(message, USD_SHOP);
        assertThat(intent.minPriceMinor()).isNull();
        assertThat(intent.maxPriceMinor()).isNull();
        assertThat(intent.currency()).isNull();
    }

    @Test
    void approximateBudgetsAreMarked() {
        assertThat(PARSER.parse("около 5000", RUB_SHOP).approximate()).isTrue();
        assertThat(PARSER.parse("до 5000", RUB_SHOP).approximate()).isFalse();
    }

    @Test
    void aMessageInAnyLanguageMapsOntoTheShopsOwnCategory() {
        for (String message : List.of("running shoes", "跑步鞋", "беговые кроссовки", "running sneakers")) {
            Intent intent = PARSER.parse(message, USD_SHOP);
            assertThat(intent.productType()).as(message).isEqualTo("running_shoes");
            assertThat(intent.category()).as(message).containsExactly("Обувь", "Беговые кроссовки");
        }
        // a narrower or sibling type falls back to the nearest broader category the shop has
        assertThat(PARSER.parse("boots", USD_SHOP).category()).containsExactly("Обувь");
        assertThat(PARSER.parse("手机", USD_SHOP).category()).containsExactly("Электроника", "Смартфоны");
        assertThat(PARSER.parse("a sofa", USD_SHOP).category()).isEmpty();
        // a category that is a name of the type beats a deeper one that only mentions a broader type
        ShopVocabulary shop = new ShopVocabulary("CNY", List.of(List.of("Computers"), List.of("Computers", "Parts")),
                Map.of("Parts", List.of("电脑配件")), List.of(), Map.of(), Map.of());
        assertThat(PARSER.parse("平板", shop).category()).containsExactly("Computers");
    }

    @Test
    void brandsAreSpelledAsTheShopSpellsThemAndNegationsExclude() {
        Intent intent = PARSER.parse("найк кроссовки, только не адидас и не пума", RUB_SHOP);
        assertThat(intent.brands()).containsExactly("NIKE");
        assertThat(intent.excludedBrands()).containsExactly("Adidas", "Puma");
        assertThat(PARSER.parse("sneakers not nike or reebok", USD_SHOP).excludedBrands()).containsExactly("NIKE",
                "Reebok");
        assertThat(PARSER.parse("不要耐克的运动鞋", CNY_SHOP).excludedBrands()).containsExactly("NIKE");
        assertThat(PARSER.parse("кроссовки пуму не предлагать", RUB_SHOP).excludedBrands()).containsExactly("Puma");
    }

    @Test
    void anEverydayWordIsABrandOnlyNextToAProductItMakes() {
        Intent phone = PARSER.parse("苹果手机", CNY_SHOP);
        assertThat(phone.brands()).containsExactly("Apple");
        assertThat(phone.productType()).isEqualTo("smartphones");
        Intent fruit = PARSER.parse("买两斤苹果", CNY_SHOP);
        assertThat(fruit.brands()).isEmpty();
        assertThat(fruit.productType()).isEqualTo("apples");
        assertThat(PARSER.parse("小米熬粥", CNY_SHOP).brands()).isEmpty();
        assertThat(PARSER.parse("小米手环", CNY_SHOP).brands()).containsExactly("Xiaomi");
        assertThat(PARSER.parse("a laptop for my brother", USD_SHOP).brands()).isEmpty();
        assertThat(PARSER.parse("brother printer", USD_SHOP).brands()).containsExactly("Brother");
        assertThat(PARSER.parse("gift for my boss", USD_SHOP).brands()).isEmpty();
        assertThat(PARSER.parse("headphones on sale", USD_SHOP).brands()).isEmpty();
        assertThat(PARSER.parse("很美的裙子", CNY_SHOP).brands()).isEmpty();
        assertThat(PARSER.parse("anything from Apple under 300", USD_SHOP).brands()).containsExactly("Apple");
        assertThat(PARSER.parse("anything from apple under 300", USD_SHOP).brands()).isEmpty();
        assertThat(PARSER.parse("Apple pie", USD_SHOP).brands()).isEmpty();
    }

    @Test
    void theShopsSynonymsBrandsAndAttributeValuesAreUnderstood() {
        assertThat(PARSER.parse("трекинги до 9000", RUB_SHOP).productType()).isEqualTo("hiking_boots");
        assertThat(PARSER.parse("something from acme", USD_SHOP).brands()).containsExactly("Acme Shoes");
        assertThat(PARSER.parse("teal sneakers", USD_SHOP).features()).contains("teal");
        ShopVocabulary chinese = new ShopVocabulary("CNY", List.of(List.of("服装", "夹克")), Map.of(),
                List.of("耐克", "adidas Originals"), Map.of(), Map.of());
        Intent intent = PARSER.parse("Nike or Adidas jacket", chinese);
        assertThat(intent.brands()).containsExactly("耐克", "adidas Originals");
        assertThat(intent.category()).containsExactly("服装", "夹克");
    }

    @Test
    void dialogPhrasesFeedbackAndOrdinalsAreRecognised() {
        Intent buy = PARSER.parse("беру второй", RUB_SHOP);
        assertThat(buy.feedback()).isEqualTo(Intent.Feedback.BUY);
        assertThat(buy.ordinal()).isEqualTo(2);
        assertThat(PARSER.parse("最后那个", CNY_SHOP).ordinal()).isEqualTo(-1);
        Intent refuse = PARSER.parse("too expensive, no thanks", USD_SHOP);
        assertThat(refuse.feedback()).isEqualTo(Intent.Feedback.REFUSE);
        assertThat(refuse.refusalReason()).isEqualTo(Intent.RefusalReason.PRICE);
        assertThat(PARSER.parse("不喜欢这个牌子", CNY_SHOP).refusalReason()).isEqualTo(Intent.RefusalReason.BRAND);
        assertThat(PARSER.parse("надо подумать", RUB_SHOP).feedback()).isEqualTo(Intent.Feedback.CONSIDER);
        assertThat(PARSER.parse("换个牌子", CNY_SHOP).refinement()).isEqualTo(Intent.Refinement.OTHER_BRAND);
        assertThat(PARSER.parse("show more", USD_SHOP).refinement()).isEqualTo(Intent.Refinement.MORE);
        assertThat(PARSER.parse("самые дешевые наушники", RUB_SHOP).sort()).isEqualTo(Intent.Sort.CHEAPEST);
    }

    @Test
    void recipientsOccasionsAndFeaturesAreRead() {
        Intent intent = PARSER.parse("waterproof wireless speaker for my mom's birthday", USD_SHOP);
        assertThat(intent.features()).contains("waterproof", "wireless");
        assertThat(intent.recipient()).isEqualTo("mother");
        assertThat(intent.occasion()).isEqualTo("birthday");
        assertThat(PARSER.parse("подарок маме на новый год", RUB_SHOP).occasion()).isEqualTo("new_year");
        assertThat(PARSER.parse("静音的加湿器", CNY_SHOP).features()).contains("quiet");
    }

    @Test
    void theTextKeepsWhatToSearchForAndDropsTheConstraints() {
        Intent intent = PARSER.parse("Red Nike running shoes under $100, cheapest first", USD_SHOP);
        assertThat(intent.text()).isEqualTo("red running shoes first");
        assertThat(intent.language()).isEqualTo(Language.EN);
    }

    @Test
    void theProductIsTheHeadNotItsAttributeOrWhatIsRefused() {
        assertThat(PARSER.parse("laptop for programming 16gb ram", USD_SHOP).productType()).isEqualTo("laptops");
        assertThat(PARSER.parse("phone with a good camera", USD_SHOP).productType()).isEqualTo("smartphones");
        assertThat(PARSER.parse("shoes for my wife, no heels", USD_SHOP).productType()).isEqualTo("footwear");
        Intent wish = PARSER.parse("不要太贵的 三百以内", CNY_SHOP);
        assertThat(wish.feedback()).isNull();
        assertThat(wish.refusalReason()).isNull();
        assertThat(PARSER.parse("这个不要", CNY_SHOP).feedback()).isEqualTo(Intent.Feedback.REFUSE);
    }

    @Test
    void typosInLongWordsAreForgiven() {
        assertThat(PARSER.parse("headphnoes", USD_SHOP).productType()).isEqualTo("headphones");
        assertThat(PARSER.parse("наушнки", RUB_SHOP).productType()).isEqualTo("headphones");
        assertThat(PARSER.parse("пару кроссовок", RUB_SHOP).productType()).isEqualTo("sneakers");
        assertThat(PARSER.parse("набор игрушек", RUB_SHOP).productType()).isEqualTo("toys");
    }

    @Test
    void anyInputParsesWithoutFailing() {
        for (String message : List.of("", "   ", "!!!", "$", "до", "от до", "9".repeat(400), "１２３４元", "\u0000\uFFFF",
                "между и", "一二三四五六七八九十百千万亿", "k k k 1k2k3k", "тысяч за", "$" + "9".repeat(400),
                "under 99999999999999999999 dollars", "一万亿亿亿亿元", "до 10e9 рублей", "1.2.3.4.5 $", "-5 dollars",
                "тысяч за тысяч за тысяч")) {
            Intent intent = PARSER.parse(message, USD_SHOP);
            assertThat(intent.language()).isNotNull();
            assertThat(intent.maxPriceMinor() == null || intent.maxPriceMinor() >= 0).as(message).isTrue();
        }
    }

    @Test
    void parsesConcurrentlyWithTheSameResults() throws Exception {
        List<TestSet.Case> cases = TestSet.shipped().cases();
        TestSet set = TestSet.shipped();
        List<Intent> expected = cases.stream().map(c -> PARSER.parse(c.message(), set.shops().get(c.language())))
                .toList();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<List<Intent>>> runs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                RuleIntentParser own = new RuleIntentParser(LEXICON);
                runs.add(pool.submit(
                        () -> cases.stream().map(c -> own.parse(c.message(), set.shops().get(c.language()))).toList()));
                runs.add(pool.submit(() -> cases.stream()
                        .map(c -> PARSER.parse(c.message(), set.shops().get(c.language()))).toList()));
            }
            for (Future<List<Intent>> run : runs) {
                assertThat(run.get()).isEqualTo(expected);
            }
        }
    }

    @Test
    void aLongMessageStaysFast() {
        String message = "hello I'm wondering whether anybody could recommend something wonderful for tomorrow "
                .repeat(25);
        long[] nanos = new long[15];
        for (int r = 0; r < nanos.length; r++) {
            long start = System.nanoTime();
            PARSER.parse(message, USD_SHOP);
            nanos[r] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        // generous for a shared build machine; about 2 ms when warm (one-typo lookups go through a deletion index)
        assertThat(nanos[nanos.length / 2]).as("median nanoseconds for %d characters", message.length())
                .isLessThan(50_000_000L);
    }

    @Test
    void randomTextNeverFails() {
        Random random = new Random(12);
        String alphabet = "abcxyz кросовкиёдотыс 一二两三千万百元块以内左右 0123456789.,-~$€¥₽k%() не 不要 nike 耐克";
        for (int n = 0; n < 5000; n++) {
            StringBuilder message = new StringBuilder();
            int length = random.nextInt(40);
            for (int i = 0; i < length; i++) {
                message.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            Intent intent = PARSER.parse(message.toString(), n % 2 == 0 ? CNY_SHOP : RUB_SHOP);
            assertThat(intent.minPriceMinor() == null || intent.maxPriceMinor() == null
                    || intent.minPriceMinor() <= intent.maxPriceMinor()).as("seed 12, message %s", message).isTrue();
        }
    }
}
