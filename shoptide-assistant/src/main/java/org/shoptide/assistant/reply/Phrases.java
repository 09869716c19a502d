package org.shoptide.assistant.reply;

import org.shoptide.assistant.nlu.Language;

/**
 * The fixed wording of replies, reasons and suggestions in one language. Placeholders are {@code {0}}, {@code {1}}
 * filled by {@link #fill}; no phrase states a fact of its own (a price, a product, a claim), only the values the caller
 * fills in from the answer.
 */
record Phrases(String found, String overBudget, String overBudgetMark, String nothing, String nothingMore,
        String clarify, String inStock, String outOfStock, String fitsBudget, String brandAsked, String forYou,
        String boughtWith, String session, String popular, String bestMatch, String ordered, String addedToCart,
        String considered, String refused, String askWhich, String nothingShown, String suggestUnder,
        String suggestOnly, String suggestCheaper, String suggestOtherBrand, String suggestMore) {

    static final Phrases EN = new Phrases("Here is what I found:", "Nothing fits your budget of {0}.",
            "above your budget", "I could not find anything like that.", "That is everything I have for this request.",
            "What are you looking for? For example: {0}.", "in stock", "out of stock", "fits your budget of {0}",
            "{0}, as you asked", "picked for your taste", "goes with what you liked", "close to what you just viewed",
            "popular right now", "best match for your words", "Order {0} is placed for {1} ({2}). Pay here: {3}",
            "{0} ({1}) is in your cart.", "Noted: {0}. I will keep it in mind.",
            "Understood, I will not show that again.",
            "Which one would you like? Say \"the first one\" or tap Buy on it.",
            "Tell me what you are looking for first.", "under {0}", "{0} only", "cheaper", "another brand",
            "show more");

    static final Phrases ZH = new Phrases("为您找到以下商品：", "没有符合您预算 {0} 的商品。", "超出预算", "没有找到相关商品。", "这个需求的商品都已经展示完了。",
            "您想买什么？例如：{0}。", "有货", "缺货", "符合您 {0} 的预算", "您指定的{0}", "根据您的喜好推荐", "和您喜欢的商品常一起购买", "和您刚看过的相似", "近期热销",
            "与您的描述最匹配", "订单 {0} 已创建：{1}（{2}）。付款链接：{3}", "{0}（{1}）已加入购物车。", "好的，已记下：{0}。", "明白了，不会再推荐这些。",
            "您想要哪一个？可以说“第一个”，或点击购买。", "请先告诉我您想买什么。", "{0}以下", "只要{0}", "便宜一点", "换个牌子", "再看看");

    static final Phrases RU = new Phrases("Вот что нашлось:", "В бюджет {0} ничего не подходит.", "дороже бюджета",
            "Ничего подходящего не нашлось.", "По этому запросу больше ничего нет.", "Что вы ищете? Например: {0}.",
            "в наличии", "нет в наличии", "укладывается в бюджет {0}", "{0}, как вы просили", "подобрано под ваш вкус",
            "часто берут вместе с тем, что вам понравилось", "похоже на то, что вы только что смотрели",
            "сейчас популярно", "лучше всего подходит под запрос", "Заказ {0} оформлен: {1} ({2}). Оплата: {3}",
            "{0} ({1}) в корзине.", "Хорошо, запомню: {0}.", "Понял, больше это не покажу.",
            "Какой из них? Скажите «первый» или нажмите «Купить».", "Сначала скажите, что вы ищете.", "до {0}",
            "только {0}", "подешевле", "другой бренд", "ещё");

    static Phrases of(Language language) {
        return switch (language) {
            case EN -> EN;
            case ZH -> ZH;
            case RU -> RU;
        };
    }

    /** The phrase with {@code {0}}, {@code {1}}, ... replaced by the values. */
    static String fill(String phrase, String... values) {
        String out = phrase;
        for (int i = 0; i < values.length; i++) {
            out = out.replace("{" + i + "}", values[i] == null ? "" : values[i]);
        }
        return out;
    }
}
