package org.shoptide.assistant.dialog;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.shoptide.assistant.dialog.ConversationState.Shown;
import org.shoptide.assistant.nlu.Intent;
import org.shoptide.assistant.nlu.Intent.Feedback;
import org.shoptide.assistant.nlu.Intent.Refinement;
import org.shoptide.assistant.nlu.Intent.RefusalReason;

/**
 * Decides what a turn does, from the conversation's state and the turn's intent. Pure: no I/O, no clock.
 * <ul>
 * <li>A verdict ({@code feedback}) acts on the products it refers to: the {@code ordinal}'s one ("the second one", -1
 * for "the last one"), else every shown product; buying without saying which of several asks which.
 * <li>An ordinal alone ("the last one") is interest in that product.
 * <li>A new product type, or {@link Refinement#RESET}, starts the running intent over; refused products stay refused.
 * <li>Otherwise the turn is merged into the running intent: given fields replace, excluded brands and features
 * accumulate. Refinements rewrite it against the latest answer: {@code CHEAPER} sets the ceiling just below the
 * cheapest shown price, {@code PRICIER} the floor just above the dearest, {@code OTHER_BRAND} excludes the shown
 * brands, {@code MORE} asks for the next products without repeating any shown for this intent.
 * <li>With neither a product type, a category, brands, features nor words to search, the assistant asks what the
 * customer is looking for.
 * </ul>
 */
public final class Dialog {

    /** What a turn does. */
    public sealed interface Step {
    }

    /**
     * Search the catalog.
     *
     * @param exclude
     *            products not to show (refused, and with {@code more} those already shown for this intent)
     */
    public record Search(Intent intent, Set<String> exclude, boolean more) implements Step {
        public Search {
            Objects.requireNonNull(intent, "intent");
            exclude = Set.copyOf(exclude);
        }
    }

    /** Ask what the customer is looking for. */
    public record Clarify(Intent intent) implements Step {
    }

    /** Act on a verdict about shown products. */
    public record Act(Feedback feedback, List<Shown> targets, RefusalReason reason) implements Step {
        public Act {
            Objects.requireNonNull(feedback, "feedback");
            targets = List.copyOf(targets);
        }
    }

    /** The customer wants to buy but several products are shown: ask which. */
    public record AskWhich() implements Step {
    }

    /** The customer gave a verdict but nothing was shown yet. */
    public record NothingShown() implements Step {
    }

    /** The step of a turn. */
    public Step next(ConversationState state, Intent turn) {
        if (turn.feedback() != null) {
            return verdict(state, turn.feedback(), turn.ordinal(), turn.refusalReason());
        }
        if (turn.ordinal() != null && !state.shown().isEmpty() && turn.productType() == null) {
            return verdict(state, Feedback.CONSIDER, turn.ordinal(), null);
        }
        Intent merged = merge(state, turn);
        if (!searchable(merged)) {
            return new Clarify(merged);
        }
        boolean more = turn.refinement() == Refinement.MORE && state.intent() != null;
        Set<String> exclude = new LinkedHashSet<>(state.refused().keySet());
        if (more) {
            exclude.addAll(state.shownForIntent());
        }
        return new Search(merged, exclude, more);
    }

    /** The step that acts on a verdict (from free text or a button). */
    public Step verdict(ConversationState state, Feedback feedback, Integer ordinal, RefusalReason reason) {
        List<Shown> shown = state.shown();
        if (shown.isEmpty()) {
            return new NothingShown();
        }
        if (ordinal != null) {
            int index = ordinal == -1 ? shown.size() - 1 : ordinal - 1;
            if (index < 0 || index >= shown.size()) {
                return feedback == Feedback.BUY ? new AskWhich() : new Act(feedback, shown, reason);
            }
            return new Act(feedback, List.of(shown.get(index)), reason);
        }
        if (feedback == Feedback.BUY && shown.size() > 1) {
            return new AskWhich();
        }
        return new Act(feedback, shown, reason);
    }

    /**
     * The search after a refusal: the refused products are excluded, and a refusal for price or brand refines the
     * running intent as "cheaper" or "another brand" would.
     */
    public Search afterRefusal(ConversationState state, List<Shown> refused, RefusalReason reason) {
        Intent running = state.intent();
        Set<String> exclude = new LinkedHashSet<>(state.refused().keySet());
        refused.forEach(s -> exclude.add(s.itemId()));
        if (running == null) {
            return null;
        }
        Intent next = running;
        if (reason == RefusalReason.PRICE) {
            next = refine(running, Refinement.CHEAPER, refused);
        } else if (reason == RefusalReason.BRAND) {
            next = refine(running, Refinement.OTHER_BRAND, refused);
        }
        return new Search(next, exclude, false);
    }

    private static boolean searchable(Intent i) {
        return i.productType() != null || !i.category().isEmpty() || !i.brands().isEmpty() || !i.features().isEmpty()
                || !i.text().isBlank();
    }

    /** The running intent after a turn, refinements applied against the latest answer. */
    Intent merge(ConversationState state, Intent turn) {
        Intent running = state.intent();
        boolean newTopic = running == null || turn.refinement() == Refinement.RESET
                || (turn.productType() != null && !turn.productType().equals(running.productType()));
        Intent merged = newTopic ? plain(turn) : combine(running, turn);
        if (!newTopic && turn.refinement() != null) {
            merged = refine(merged, turn.refinement(), state.shown());
        }
        return merged;
    }

    private static Intent plain(Intent t) {
        return new Intent(t.language(), t.productType(), t.category(), t.minPriceMinor(), t.maxPriceMinor(),
                t.currency(), t.approximate(), t.brands(), t.excludedBrands(), t.features(), t.sort(), t.recipient(),
                t.occasion(), null, null, null, null, t.text());
    }

    private static Intent combine(Intent r, Intent t) {
        boolean priced = t.minPriceMinor() != null || t.maxPriceMinor() != null;
        boolean bothBounds = t.approximate() || (t.minPriceMinor() != null && t.maxPriceMinor() != null);
        Long min = priced && (bothBounds || t.minPriceMinor() != null) ? t.minPriceMinor() : r.minPriceMinor();
        Long max = priced && (bothBounds || t.maxPriceMinor() != null) ? t.maxPriceMinor() : r.maxPriceMinor();
        String currency = priced ? t.currency() : r.currency();
        List<String> brands = t.brands().isEmpty() ? r.brands() : t.brands();
        Set<String> excluded = new LinkedHashSet<>(r.excludedBrands());
        excluded.addAll(t.excludedBrands());
        excluded.removeAll(t.brands());
        Set<String> features = new LinkedHashSet<>(r.features());
        features.addAll(t.features());
        String text = t.text().isBlank() ? r.text() : (r.text() + " " + t.text()).strip();
        return new Intent(t.language(), r.productType(), t.category().isEmpty() ? r.category() : t.category(), min, max,
                currency, priced ? t.approximate() : r.approximate(), brands, List.copyOf(excluded),
                List.copyOf(features), t.sort() != Intent.Sort.RELEVANCE ? t.sort() : r.sort(),
                t.recipient() != null ? t.recipient() : r.recipient(),
                t.occasion() != null ? t.occasion() : r.occasion(), null, null, null, null, text);
    }

    private static Intent refine(Intent i, Refinement refinement, List<Shown> shown) {
        List<Shown> priced = shown.stream().filter(s -> s.priceMinor() >= 0).toList();
        return switch (refinement) {
            case CHEAPER -> {
                if (priced.isEmpty()) {
                    yield with(i, i.minPriceMinor(), i.maxPriceMinor(), i.currency(), i.brands(), i.excludedBrands(),
                            Intent.Sort.CHEAPEST);
                }
                long cheapest = priced.stream().mapToLong(Shown::priceMinor).min().orElseThrow();
                long max = Math.max(0, cheapest - 1);
                Long min = i.minPriceMinor() != null && i.minPriceMinor() > max ? null : i.minPriceMinor();
                yield with(i, min, max, priced.get(0).currency(), i.brands(), i.excludedBrands(), i.sort());
            }
            case PRICIER -> {
                if (priced.isEmpty()) {
                    yield with(i, i.minPriceMinor(), i.maxPriceMinor(), i.currency(), i.brands(), i.excludedBrands(),
                            Intent.Sort.MOST_EXPENSIVE);
                }
                long dearest = priced.stream().mapToLong(Shown::priceMinor).max().orElseThrow();
                long min = dearest + 1;
                Long max = i.maxPriceMinor() != null && i.maxPriceMinor() < min ? null : i.maxPriceMinor();
                yield with(i, min, max, priced.get(0).currency(), i.brands(), i.excludedBrands(), i.sort());
            }
            case OTHER_BRAND -> {
                Set<String> excluded = new LinkedHashSet<>(i.excludedBrands());
                shown.stream().map(Shown::brand).filter(Objects::nonNull).forEach(excluded::add);
                yield with(i, i.minPriceMinor(), i.maxPriceMinor(), i.currency(), List.of(), new ArrayList<>(excluded),
                        i.sort());
            }
            case MORE, RESET -> i;
        };
    }

    private static Intent with(Intent i, Long min, Long max, String currency, List<String> brands,
            List<String> excludedBrands, Intent.Sort sort) {
        return new Intent(i.language(), i.productType(), i.category(), min, max, currency, false, brands,
                excludedBrands, i.features(), sort, i.recipient(), i.occasion(), null, null, null, null, i.text());
    }
}
