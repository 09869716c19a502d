package org.shoptide.engine;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.shoptide.core.event.EventType;
import org.shoptide.core.port.ShopStore;
import org.shoptide.core.shop.ApiKeyKind;
import org.shoptide.core.shop.Shop;
import org.shoptide.core.shop.ShopId;
import org.shoptide.engine.api.ApiPrincipal;
import org.shoptide.engine.api.NotFoundException;
import org.shoptide.engine.api.ShopCredentials;
import org.shoptide.engine.api.ShopUpdate;
import org.shoptide.engine.api.ValidationException;
import org.shoptide.engine.api.Violation;

/** Use case: shops, their settings and their API keys (creation, rotation, authentication). */
final class ShopService {
    private static final int MAX_NAME = 200;
    private static final Pattern CUSTOM_TYPE = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    private static final int MAX_CUSTOM_TYPES = 100;

    private final ShopRegistry registry;
    private final ShopStore shops;
    private final TrainingService training;
    private final EngineConfig config;
    private final Clock clock;
    private final ApiKeys keys = new ApiKeys(new SecureRandom());
    private final Authenticator authenticator;

    ShopService(ShopRegistry registry, ShopStore shops, TrainingService training, EngineConfig config, Clock clock) {
        this.registry = registry;
        this.shops = shops;
        this.training = training;
        this.config = config;
        this.clock = clock;
        this.authenticator = new Authenticator(shops);
    }

    ShopCredentials createShop(ShopId id, String name) {
        registry.ensureOpen();
        if (id == null) {
            throw ValidationException.of("id", "shop id is required");
        }
        if (name == null || name.isBlank() || name.length() > MAX_NAME) {
            throw ValidationException.of("name", "name must be 1 to " + MAX_NAME + " characters");
        }
        String pk = keys.newKey(ApiKeyKind.PUBLISHABLE, id);
        String sk = keys.newKey(ApiKeyKind.SECRET, id);
        Shop shop = new Shop(id, name.trim(), clock.instant(), ApiKeys.hash(pk), ApiKeys.hash(sk), Map.of(), null);
        shops.create(shop);
        registry.runtime(id);
        return new ShopCredentials(shop, pk, sk);
    }

    List<Shop> listShops() {
        return shops.list();
    }

    Optional<Shop> shop(ShopId id) {
        return shops.find(id);
    }

    String rotateKey(ShopId id, ApiKeyKind kind) {
        String key = keys.newKey(kind, id);
        String oldHash = shops.find(id).map(old -> old.keyHash(kind)).orElse(null);
        if (!shops.replaceKeyHash(id, kind, ApiKeys.hash(key))) {
            throw new NotFoundException("shop " + id + " not found");
        }
        if (oldHash != null) {
            // after the store no longer knows it, so a concurrent authenticate cannot re-cache it
            authenticator.evict(oldHash);
        }
        ShopRuntime rt = registry.ifOpen(id);
        if (rt != null) {
            rt.settings.reload();
        }
        return key;
    }

    Optional<ApiPrincipal> authenticate(String apiKey) {
        return authenticator.authenticate(apiKey);
    }

    Shop updateShop(ShopId id, ShopUpdate update) {
        registry.ensureOpen();
        check(update);
        ShopRuntime rt = registry.runtime(id);
        String name = update.name();
        String trainingTime = update.trainingTime();
        return rt.settings.update(
                old -> new Shop(id, name == null ? old.name() : name.trim(), old.createdAt(), old.publishableKeyHash(),
                        old.secretKeyHash(),
                        update.customEventWeights() == null ? old.customEventWeights() : update.customEventWeights(),
                        trainingTime == null ? old.trainingTime() : trainingTime.isEmpty() ? null : trainingTime,
                        update.attributionWindowMinutes() == null ? old.attributionWindowMinutes()
                                : update.attributionWindowMinutes(),
                        update.explorationRate() == null ? old.explorationRate() : update.explorationRate(),
                        update.trackingConsentRequired() == null ? old.trackingConsentRequired()
                                : update.trackingConsentRequired()),
                (old, updated) -> training.settingsChanged(rt, old, updated));
    }

    /** Every invalid field of a settings change at once; nothing is changed when one is invalid. */
    private void check(ShopUpdate update) {
        String name = update.name();
        Map<String, Double> customEventWeights = update.customEventWeights();
        String trainingTime = update.trainingTime();
        List<Violation> violations = new ArrayList<>();
        if (update.attributionWindowMinutes() != null && (update.attributionWindowMinutes() < 0
                || update.attributionWindowMinutes() > ShopUpdate.MAX_ATTRIBUTION_WINDOW_MINUTES)) {
            violations.add(new Violation(-1, "attributionWindowMinutes", "attributionWindowMinutes must be 0 to "
                    + ShopUpdate.MAX_ATTRIBUTION_WINDOW_MINUTES + " (30 days); 0 turns window attribution off"));
        }
        if (update.explorationRate() != null
                && !(update.explorationRate() >= 0 && update.explorationRate() <= ShopUpdate.MAX_EXPLORATION_RATE)) {
            violations.add(new Violation(-1, "explorationRate", "explorationRate must be a number from 0 to "
                    + ShopUpdate.MAX_EXPLORATION_RATE + "; 0 turns exploration off"));
        }
        if (name != null && (name.isBlank() || name.length() > MAX_NAME)) {
            violations.add(new Violation(-1, "name", "name must be 1 to " + MAX_NAME + " characters"));
        }
        if (customEventWeights != null) {
            if (customEventWeights.size() > MAX_CUSTOM_TYPES) {
                violations.add(new Violation(-1, "customEventWeights",
                        "at most " + MAX_CUSTOM_TYPES + " custom event types, got " + customEventWeights.size()));
            }
            customEventWeights.forEach((type, weight) -> {
                String field = "customEventWeights." + type;
                if (type == null || !CUSTOM_TYPE.matcher(type).matches()) {
                    violations.add(new Violation(-1, field, "custom event type names match [a-z][a-z0-9_]{0,63}"));
                } else if (EventType.fromWireName(type).isPresent()) {
                    violations.add(new Violation(-1, field,
                            "'" + type + "' is a built-in event type; its weight is set in the server configuration"));
                }
                if (weight == null || !Double.isFinite(weight) || Math.abs(weight) > 100) {
                    violations.add(new Violation(-1, field, "weight must be a finite number between -100 and 100"));
                }
            });
        }
        if (trainingTime != null && !trainingTime.isEmpty()) {
            try {
                DailySchedule.parseTime(trainingTime, config.trainingTime());
            } catch (IllegalArgumentException e) {
                violations.add(new Violation(-1, "trainingTime",
                        "trainingTime must be HH:mm (24 h), got '" + trainingTime + "'"));
            }
        }
        if (!violations.isEmpty()) {
            throw new ValidationException("invalid shop settings; nothing was changed", violations);
        }
    }
}
