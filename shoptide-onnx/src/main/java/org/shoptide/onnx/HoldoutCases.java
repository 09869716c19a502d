package org.shoptide.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.shoptide.core.algo.TrainingData;
import org.shoptide.core.event.Event;
import org.shoptide.core.event.EventType;
import org.shoptide.core.event.LineItem;
import org.shoptide.core.port.EventLog;
import org.shoptide.core.shop.ShopId;

/**
 * The hold-out an uploaded model is judged on: the engine's leave-latest-out protocol (TrainingEvaluation: per sampled
 * user with at least {@link #MIN_ITEMS} items, the item they engaged with last is the target and the rest, oldest
 * first, the history), built with {@link TrainingData#holdOutLatest} from the shop's event log with the engine's sample
 * size and seed, so that it draws the same users as the trainings do. Events count by sign only (refunds, dislikes and
 * cart removals take an item back); impressions and searches do not count.
 */
final class HoldoutCases {
    static final double FRACTION = 0.1;
    static final int MIN_ITEMS = 3;
    static final int MIN_USERS = 50;

    /** One held-out user: their history (item ids, oldest first) and the item they engaged with last. */
    record Case(List<String> history, String target) {
    }

    private HoldoutCases() {
    }

    static List<Case> build(EventLog log, ShopId shop, int maxUsers, long seed) {
        TrainingData data = new TrainingData();
        log.replay(shop, 0, le -> {
            Event e = le.event();
            String subject = e.userId() != null ? e.userId() : e.anonymousId();
            if (subject == null) {
                return;
            }
            long t = e.timestamp().toEpochMilli();
            float w = switch (e.type()) {
                case REFUND, DISLIKE, REMOVE_FROM_CART -> -1f;
                case IMPRESSION, SEARCH -> 0f;
                default -> 1f;
            };
            if (w == 0) {
                return;
            }
            if (e.type() == EventType.PURCHASE || e.type() == EventType.REFUND) {
                for (LineItem li : e.lineItems()) {
                    data.add(subject, li.itemId(), e.type(), w, t);
                }
            } else if (e.itemId() != null) {
                data.add(subject, e.itemId(), e.type(), w, t);
            }
        });
        TrainingData.Holdout h = data.holdOutLatest(maxUsers, FRACTION, MIN_ITEMS, MIN_USERS, seed);
        TrainingData.Csr byUser = data.byUser();
        List<Case> out = new ArrayList<>(h.size());
        for (int k = 0; k < h.size(); k++) {
            int u = h.users()[k];
            int from = byUser.offsets()[u];
            int to = byUser.offsets()[u + 1];
            Integer[] order = new Integer[to - from];
            for (int j = from; j < to; j++) {
                order[j - from] = j;
            }
            Arrays.sort(order, (a, b) -> Long.compare(byUser.lastSeen()[a], byUser.lastSeen()[b]));
            List<String> history = new ArrayList<>(order.length);
            for (Integer j : order) {
                if (byUser.weights()[j] > 0) {
                    history.add(data.itemId(byUser.indexes()[j]));
                }
            }
            out.add(new Case(List.copyOf(history), data.itemId(h.items()[k])));
        }
        return out;
    }
}
