package org.shoptide.profile;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.shoptide.core.profile.CustomerMart;
import org.shoptide.core.profile.CustomerRow;
import org.shoptide.core.profile.CustomerRow.CategoryAffinity;
import org.shoptide.core.profile.CustomerRow.CustomerKeys;
import org.shoptide.core.profile.CustomerRow.LifeEvent;
import org.shoptide.core.shop.ShopId;
import org.shoptide.core.user.User;
import org.shoptide.testing.fake.InMemoryUserStore;

/** Test doubles of the profile module's ports: a mart held in memory and a customer directory on a user store. */
final class Fixtures {
    private Fixtures() {
    }

    /** A published mart held in memory, per shop, in customer-key order as the port promises. */
    static final class MemoryMart implements CustomerMart {
        final Map<ShopId, List<CustomerRow>> rows = new HashMap<>();

        void publish(ShopId shop, List<CustomerRow> published) {
            List<CustomerRow> sorted = new ArrayList<>(published);
            sorted.sort((a, b) -> a.customerKey().compareTo(b.customerKey()));
            rows.put(shop, sorted);
        }

        @Override
        public void forEach(ShopId shop, Consumer<CustomerRow> action) {
            rows.getOrDefault(shop, List.of()).forEach(action);
        }

        @Override
        public Optional<CustomerRow> find(ShopId shop, String key) {
            return rows.getOrDefault(shop, List.of()).stream()
                    .filter(r -> r.customerKey().equals(key) || r.keys().userId().filter(key::equals).isPresent()
                            || r.keys().emailHash().filter(key::equals).isPresent()
                            || r.keys().phoneHash().filter(key::equals).isPresent()
                            || r.keys().anonymousIds().contains(key))
                    .findFirst();
        }
    }

    /** A customer directory on an in-memory user store (aliases and traits as the engine keeps them). */
    static final class Directory implements CustomerDirectory {
        final InMemoryUserStore users = new InMemoryUserStore();
        int profilesChanged;

        @Override
        public Optional<String> aliasOf(ShopId shop, String anonymousId) {
            return users.resolveAlias(shop, anonymousId);
        }

        @Override
        public void alias(ShopId shop, String anonymousId, String userId) {
            users.alias(shop, anonymousId, userId);
        }

        @Override
        public boolean unalias(ShopId shop, String anonymousId, String userId) {
            return users.unalias(shop, anonymousId, userId);
        }

        @Override
        public Map<String, String> traits(ShopId shop, String userId) {
            return users.get(shop, userId).map(User::traits).orElse(Map.of());
        }

        @Override
        public void replaceTraits(ShopId shop, String userId, Map<String, String> traits) {
            users.upsert(shop, new User(userId, traits, null, null));
        }

        @Override
        public void profilesChanged(ShopId shop) {
            profilesChanged++;
        }
    }

    /** A mart row. */
    static CustomerRow row(String key, String userId, String email, String phone, List<String> anonymous,
            long frequency, long monetary, Long recency, List<CategoryAffinity> categories, List<LifeEvent> events,
            String area, String tier, String... sources) {
        return new CustomerRow(key,
                new CustomerKeys(Optional.ofNullable(userId), Optional.ofNullable(email), Optional.ofNullable(phone),
                        anonymous),
                recency == null ? Optional.empty() : Optional.of(LocalDate.parse("2026-12-01").minusDays(recency)),
                recency == null ? OptionalLong.empty() : OptionalLong.of(recency), frequency, monetary,
                frequency > 0 ? OptionalDouble.of(0.2 * frequency % 1) : OptionalDouble.empty(), OptionalDouble.empty(),
                categories, events, Optional.ofNullable(area), Optional.ofNullable(tier), List.of(sources));
    }
}
