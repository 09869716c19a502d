package org.shoptide.feeds.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** RFC 9309 matching: groups, longest match, allow on ties, wildcards, end anchors. */
class RobotsTxtTest {
    private static boolean allows(RobotsTxt r, String agent, String path) {
        return r.allows(agent, URI.create("https://shop.example" + path));
    }

    @Test
    void theCrawlersOwnGroupWinsOverTheStarGroup() {
        RobotsTxt r = RobotsTxt.parse("""
                # comment
                User-agent: *
                Disallow: /

                User-Agent: shoptidefeeds
                User-agent: OtherBot
                Disallow: /checkout # no carts
                Crawl-delay: 5
                """);
        assertThat(allows(r, "ShoptideFeeds", "/p/1")).isTrue();
        assertThat(allows(r, "ShoptideFeeds", "/checkout/step")).isFalse();
        assertThat(allows(r, "OtherBot", "/checkout")).isFalse();
        assertThat(allows(r, "SomeoneElse", "/p/1")).isFalse();
        assertThat(allows(r, "SomeoneElse", "/robots.txt")).isTrue();
    }

    @Test
    void theLongestMatchWinsAndAllowWinsTies() {
        RobotsTxt r = RobotsTxt.parse("""
                User-agent: *
                Disallow: /shop
                Allow: /shop/products
                Disallow: /shop/products/hidden
                Allow: /tie
                Disallow: /tie
                Disallow:
                """);
        assertThat(allows(r, "x", "/shop/cart")).isFalse();
        assertThat(allows(r, "x", "/shop/products/1")).isTrue();
        assertThat(allows(r, "x", "/shop/products/hidden-1")).isFalse();
        assertThat(allows(r, "x", "/tie")).isTrue();
        assertThat(allows(r, "x", "/elsewhere")).isTrue();
    }

    @Test
    void wildcardsAndEndAnchors() {
        RobotsTxt r = RobotsTxt.parse("""
                user-agent: *
                disallow: /*.pdf$
                disallow: /search*?q=
                allow: /*.pdf$/
                """);
        assertThat(allows(r, "x", "/files/a.pdf")).isFalse();
        assertThat(allows(r, "x", "/files/a.pdf?x=1")).isTrue();
        assertThat(allows(r, "x", "/search/all?q=shoes")).isFalse();
        assertThat(allows(r, "x", "/search/all")).isTrue();
    }

    @Test
    void missingAndUnreachableRobots() {
        assertThat(allows(RobotsTxt.allowAll(), "x", "/a")).isTrue();
        assertThat(allows(RobotsTxt.disallowAll(), "x", "/a")).isFalse();
        assertThat(allows(RobotsTxt.parse(""), "x", "/a")).isTrue();
    }
}
