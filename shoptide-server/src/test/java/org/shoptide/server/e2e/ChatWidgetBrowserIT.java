package org.shoptide.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The assistant's chat widget of tracker.js on the demo storefront in headless Chromium: the visitor asks for something
 * in a category of the shop and sees products with title and price, and suggestion chips.
 */
class ChatWidgetBrowserIT {
    static E2eShop shop;

    @BeforeAll
    static void start() {
        E2eBrowser.assumeInstalled();
        shop = E2eShop.start();
    }

    @AfterAll
    static void stop() {
        if (shop != null) {
            shop.close();
        }
    }

    @Test
    void visitorAsksTheAssistantAndSeesProducts() {
        try (E2eBrowser b = E2eBrowser.start()) {
            b.open(shop.url("/demo/demo"));
            // ask for a product the shop sells by its title, so the question needs no knowledge of the data
            b.driver().findElement(By.cssSelector(".categories a")).click();
            String title = b.waitUntil(10, d -> d.findElement(By.cssSelector("#listing .card .title"))).getText();
            WebElement input = b.waitUntil(10, d -> d.findElement(By.cssSelector("#assistant-chat input")));
            input.sendKeys(title.toLowerCase(Locale.ROOT));
            b.driver().findElement(By.cssSelector("#assistant-chat .shoptide-chat-send")).click();
            b.waitUntil(15,
                    d -> !d.findElements(By.cssSelector(
                            "#assistant-chat .shoptide-chat-turn, #assistant-chat" + " .shoptide-chat-error"))
                            .isEmpty());
            String shown = b.driver().findElement(By.id("assistant-chat")).getText();
            assertThat(b.driver().findElements(By.cssSelector("#assistant-chat .shoptide-chat-product"))).as(shown)
                    .isNotEmpty();
            List<WebElement> products = b.waitUntil(1, d -> {
                List<WebElement> p = d.findElements(By.cssSelector("#assistant-chat .shoptide-chat-product"));
                return p.isEmpty() ? null : p;
            });
            assertThat(b.driver().findElements(By.cssSelector("#assistant-chat .shoptide-chat-error"))).isEmpty();
            assertThat(b.driver().findElement(By.cssSelector("#assistant-chat .shoptide-chat-reply")).getText())
                    .isNotBlank();
            WebElement first = products.get(0);
            assertThat(first.getAttribute("data-item-id")).isNotBlank();
            assertThat(first.findElement(By.cssSelector(".title")).getText()).isNotBlank();
            assertThat(first.findElement(By.cssSelector(".price")).getText()).isNotBlank();
            assertThat(first.findElements(By.cssSelector(".shoptide-chat-buy"))).hasSize(1);
            b.screenshot("storefront-chat");
        }
    }
}
