package org.shoptide.community;

import java.text.Normalizer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.shoptide.core.port.PostStore;
import org.shoptide.core.shop.ShopId;

/**
 * Moderation basics applied before a post is stored: size limits, a per-author rate limit counted in the store (so it
 * holds across restarts and API nodes), and the shop's banned words. Text and words are compared normalised (NFKC,
 * lower case, ё as е); a word with Han characters matches anywhere in the text (Chinese has no spaces), any other word
 * or phrase only as whole words, so banning "ass" does not refuse "class" (the Scunthorpe problem). Text is never
 * rewritten: it is stored raw and escaped when rendered as HTML.
 */
public final class Moderation {
    /** Longest post or comment, in characters. */
    public static final int MAX_TEXT = 5000;
    /** Longest category name. */
    public static final int MAX_CATEGORY = 64;
    /** Most banned words per shop, and the longest one. */
    public static final int MAX_BANNED_WORDS = 1000;
    public static final int MAX_BANNED_WORD = 64;

    private static final Pattern WORD_BREAK = Pattern.compile("[^\\p{L}\\p{N}]+");

    private final PostStore posts;
    private final Clock clock;
    private final int maxPerWindow;
    private final Duration window;

    /**
     * @param maxPerWindow
     *            most posts one author may write within {@code window}
     */
    public Moderation(PostStore posts, Clock clock, int maxPerWindow, Duration window) {
        this.posts = posts;
        this.clock = clock;
        if (maxPerWindow < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("the rate limit needs at least 1 post per positive window");
        }
        this.maxPerWindow = maxPerWindow;
        this.window = window;
    }

    /** Problems of one post's fields (empty when it may be stored), each as "field: message". */
    public List<String> check(ShopId shop, String text, String category) {
        List<String> problems = new ArrayList<>();
        if (text == null || text.isBlank()) {
            problems.add("text: must not be empty");
        } else if (text.length() > MAX_TEXT) {
            problems.add("text: at most " + MAX_TEXT + " characters, got " + text.length());
        } else {
            String banned = bannedWordIn(shop, text);
            if (banned != null) {
                problems.add("text: contains a word this shop does not allow ('" + banned + "')");
            }
        }
        if (category != null && (category.isBlank() || category.length() > MAX_CATEGORY)) {
            problems.add("category: 1 to " + MAX_CATEGORY + " characters");
        }
        return problems;
    }

    /** Whether the author may post now; false once they wrote {@code maxPerWindow} posts within the window. */
    public boolean withinRate(ShopId shop, String authorId) {
        Instant since = clock.instant().minus(window);
        return posts.countSince(shop, authorId, since) < maxPerWindow;
    }

    /** Seconds until the author's oldest post in the window leaves it (a Retry-After hint); at least 1. */
    public long retryAfterSeconds() {
        return Math.max(1, window.toSeconds());
    }

    /** The first banned word the text contains, or null. */
    String bannedWordIn(ShopId shop, String text) {
        Set<String> banned = posts.bannedWords(shop);
        if (banned.isEmpty()) {
            return null;
        }
        String norm = normalise(text);
        String words = " " + String.join(" ", WORD_BREAK.split(norm)) + " ";
        for (String w : banned) {
            boolean han = w.codePoints().anyMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN);
            if (han ? norm.contains(w) : words.contains(" " + w + " ")) {
                return w;
            }
        }
        return null;
    }

    /** The form banned words are stored and matched in. */
    public static String normalise(String s) {
        return Normalizer.normalize(s, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT).replace('ё', 'е').strip();
    }

    /** A banned word as stored: normalised, inner runs of non-letters as one space. */
    public static String normaliseWord(String s) {
        return String.join(" ", WORD_BREAK.split(normalise(s))).strip();
    }
}
