package org.shoptide.engine;

import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.shoptide.core.catalog.Item;
import org.shoptide.core.port.PriceAlertStore;
import org.shoptide.core.port.PriceHistoryStore;
import org.shoptide.core.port.PriceHistoryStore.Observed;
import org.shoptide.core.port.PriceHistoryStore.Recorded;
import org.shoptide.core.price.DropNotice;
import org.shoptide.core.price.MinorUnits;
import org.shoptide.core.price.PriceAlertSettings;
import org.shoptide.core.price.PriceDrop;
import org.shoptide.core.price.PricePoint;
import org.shoptide.core.shop.ShopId;
import org.shoptide.engine.api.PriceTracking;
import org.shoptide.engine.api.ValidationException;

/**
 * Use case: price history, drop detection and drop notices (ADR 0027).
 * <p>
 * <b>Recording.</b> After a catalog upsert has committed, {@link #afterUpsert} records the price of every item that has
 * one under the upsert's source, in one store transaction. <b>Ordering and recovery:</b> the catalog write comes first
 * and is what the caller's success means; recording never fails the upsert (a failure is logged). A price that was not
 * recorded is recorded by the item's next upsert (feeds re-send every item each run), and detection compares with the
 * last recorded point, so a missed record delays a drop instead of losing it. A crash between recording and saving a
 * detected drop loses that drop's notices (the point is recorded, so the next upsert sees no change); the window is one
 * transaction long.
 * <p>
 * <b>Detection.</b> A drop is a new point of a series whose previous point had the same currency and a higher price,
 * passing the shop's thresholds (percent and minor units, both), of an item in stock, whose previous drop (of any
 * source) is older than the cool-down. Its recipients are the customers the shop's {@link InterestIndex} saw view, cart
 * or be shown the item within the interest window. The drop, its notices and its webhook delivery (when the shop has a
 * webhook and there are recipients) are stored in one transaction, under an id derived from the series and the point it
 * replaced, so detecting the same drop twice stores it once.
 */
final class PriceTracker implements PriceTracking {
    private static final System.Logger LOG = System.getLogger(PriceTracker.class.getName());
    private static final int MAX_NOTICES = 100;
    private static final int BOARD_LOAD_LIMIT = 100_000;

    private final ShopRegistry registry;
    private final PriceHistoryStore history;
    private final PriceAlertStore alerts;
    private final Clock clock;

    PriceTracker(ShopRegistry registry, PriceHistoryStore history, PriceAlertStore alerts, Clock clock) {
        this.registry = registry;
        this.history = Objects.requireNonNull(history, "history");
        this.alerts = Objects.requireNonNull(alerts, "alerts");
        this.clock = clock;
    }

    /** Fills the shop's drop board (for {@code price_drop_pct}) from the store; run when the shop opens. */
    void load(ShopRuntime rt) {
        try {
            PriceAlertSettings s = alerts.settings(rt.id);
            rt.priceDrops.window(s.boostWindow());
            for (PriceDrop d : alerts.drops(rt.id, clock.instant().minus(s.boostWindow()), BOARD_LOAD_LIMIT)) {
                rt.priceDrops.put(d);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "shop " + rt.id + ": price drops not loaded for ranking", e);
        }
    }

    /** Records the prices of a committed upsert and detects drops; never throws (see the class comment). */
    void afterUpsert(ShopRuntime rt, List<Item> stored, String source) {
        try {
            record(rt, stored, source);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "shop " + rt.id + ": prices of an upsert of " + stored.size()
                    + " item(s) from source " + source + " not recorded; the next upsert records them", e);
        }
    }

    private void record(ShopRuntime rt, List<Item> stored, String source) {
        List<Observed> observed = new ArrayList<>(stored.size());
        List<Item> priced = new ArrayList<>(stored.size());
        for (Item i : stored) {
            if (i.price() != null && Double.isFinite(i.price()) && i.price() >= 0) {
                observed.add(new Observed(i.id(), MinorUnits.normalize(i.currency()),
                        MinorUnits.of(i.price(), i.currency())));
                priced.add(i);
            }
        }
        if (observed.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        List<Recorded> recorded = history.recordAll(rt.id, source, now, observed);
        PriceAlertSettings settings = null;
        for (int k = 0; k < recorded.size(); k++) {
            Recorded r = recorded.get(k);
            PricePoint before = r.previous();
            PricePoint after = r.current();
            if (!r.changed() || before == null || !before.currency().equals(after.currency())
                    || after.amountMinor() >= before.amountMinor() || !priced.get(k).inStock()) {
                continue;
            }
            if (settings == null) {
                settings = alerts.settings(rt.id);
            }
            if (settings.enabled() && settings.passes(before.amountMinor(), after.amountMinor())) {
                detected(rt, settings, before, after, now);
            }
        }
    }

    private void detected(ShopRuntime rt, PriceAlertSettings s, PricePoint before, PricePoint after, Instant now) {
        Optional<PriceDrop> last = alerts.latestDrop(rt.id, after.itemId());
        if (last.isPresent() && last.get().at().isAfter(now.minus(s.cooldown()))) {
            return; // cool-down: this item's customers heard of a drop recently
        }
        PriceDrop drop = new PriceDrop(dropId(rt.id, before, after), after.itemId(), after.source(), after.currency(),
                before.amountMinor(), after.amountMinor(), PriceDrop.percent(before.amountMinor(), after.amountMinor()),
                now);
        List<String> recipients = rt.interest.who(after.itemId(), now.minus(s.interestWindow()).toEpochMilli());
        boolean webhook = s.webhookUrl() != null && !recipients.isEmpty();
        if (alerts.saveDrop(rt.id, drop, recipients, webhook)) {
            rt.priceDrops.put(drop);
            LOG.log(Level.INFO, "shop {0}: price drop {1} of item {2}: {3} -> {4} {5} ({6} customer(s))", rt.id,
                    drop.id(), drop.itemId(), drop.oldMinor(), drop.newMinor(), drop.currency(), recipients.size());
        }
    }

    /** Stable id of the drop from {@code before} to {@code after}: a hash of the series and the replaced point. */
    static String dropId(ShopId shop, PricePoint before, PricePoint after) {
        String key = shop.value() + '\u001f' + after.itemId() + '\u001f' + after.source() + '\u001f'
                + before.since().toEpochMilli() + '\u001f' + before.amountMinor() + '\u001f' + after.amountMinor();
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return "pd_" + HexFormat.of().formatHex(h, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** Erasure: the customers leave every drop's recipients. */
    void erase(ShopId shop, Collection<String> subjects) {
        for (String s : subjects) {
            alerts.eraseSubject(shop, s);
        }
    }

    /** A deleted item's price history goes with it. */
    void itemDeleted(ShopId shop, String itemId) {
        try {
            history.deleteItem(shop, itemId);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "shop " + shop + ": price history of deleted item " + itemId + " not erased", e);
        }
    }

    // ---- PriceTracking ----

    @Override
    public List<PricePoint> prices(ShopId shop, String itemId, String source, Instant from, Instant to) {
        registry.runtime(shop);
        Validation.requireId("itemId", itemId);
        if (source != null) {
            CatalogService.requireSource(source);
        }
        if (from != null && to != null && !from.isBefore(to)) {
            throw ValidationException.of("from", "from must be before to");
        }
        return history.history(shop, itemId, source, from, to);
    }

    @Override
    public PriceAlertSettings settings(ShopId shop) {
        registry.runtime(shop);
        return alerts.settings(shop);
    }

    @Override
    public PriceAlertSettings updateSettings(ShopId shop, PriceAlertSettings settings) {
        ShopRuntime rt = registry.runtime(shop);
        Objects.requireNonNull(settings, "settings");
        alerts.saveSettings(shop, settings);
        rt.priceDrops.window(settings.boostWindow());
        load(rt);
        return settings;
    }

    @Override
    public List<PriceDrop> drops(ShopId shop, Instant since, int limit) {
        registry.runtime(shop);
        return alerts.drops(shop, since, Math.min(Math.max(limit, 0), 1000));
    }

    @Override
    public List<DropNotice> notices(ShopId shop, String subject, int limit) {
        registry.runtime(shop);
        Validation.requireId("user", subject);
        return alerts.unseen(shop, subject, Math.min(Math.max(limit, 0), MAX_NOTICES));
    }

    @Override
    public int dismiss(ShopId shop, String subject, List<String> dropIds) {
        registry.runtime(shop);
        Validation.requireId("user", subject);
        if (dropIds.size() > MAX_NOTICES) {
            throw ValidationException.of("dropIds", "at most " + MAX_NOTICES + " drop ids at once");
        }
        return alerts.markSeen(shop, subject, dropIds, clock.instant());
    }
}
