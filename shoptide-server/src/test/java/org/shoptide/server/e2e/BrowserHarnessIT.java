package org.shoptide.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/** The harness itself: the real server answers a real browser, and screenshots are written. */
class BrowserHarnessIT {

    @Test
    void headlessChromiumReadsTheRealServersApi() throws Exception {
        E2eBrowser.assumeInstalled();
        try (E2eShop shop = E2eShop.start(3_000, java.util.Map.of());
                E2eBrowser browser = E2eBrowser.start()) {
            assertThat(shop.engine().currentModel(E2eShop.DEMO)).isPresent();
            browser.open(shop.url("/health"));
            assertThat(browser.driver().findElement(By.tagName("body")).getText()).contains("\"status\":\"ok\"");
            // a page script calls the public API with the publishable key, as a shop's page would
            Object count = ((org.openqa.selenium.JavascriptExecutor) browser.driver()).executeAsyncScript("""
                    const key = arguments[0], done = arguments[arguments.length - 1];
                    fetch('/v1/recommendations?scenario=trending&n=5', {headers: {Authorization: 'Bearer ' + key}})
                      .then(r => r.json()).then(j => done(j.items.length)).catch(e => done(String(e)));
                    """, shop.keys.publishable());
            assertThat(count).isEqualTo(5L);
            assertThat(Files.size(browser.screenshot("harness-health"))).isPositive();
        }
    }
}
