package org.shoptide.elt;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.shoptide.core.port.StoreException;
import org.shoptide.core.profile.CustomerMart;
import org.shoptide.core.profile.CustomerRow;
import org.shoptide.core.shop.ShopId;

/**
 * {@link CustomerMart} over the published {@code marts/mart_customer_360/shop=ID/part-0.parquet}, read with DuckDB.
 * Each call reads the file that is published at that moment (a publish replaces it by rename, so a call sees one
 * complete version).
 */
public final class DuckCustomerMart implements CustomerMart {
    public static final String MART = "mart_customer_360";

    private static final String COLUMNS = "customer_key, user_id, email_hash, phone_hash, anonymous_ids,"
            + " last_purchase, recency_days, frequency, monetary_minor, price_sensitivity, brand_loyalty,"
            + " category_1, share_1, category_2, share_2, category_3, share_3, moved_house_date, renovating_date,"
            + " area, area_tier, sources";

    private final EltLayout layout;

    public DuckCustomerMart(EltLayout layout) {
        this.layout = Objects.requireNonNull(layout, "layout");
    }

    @Override
    public void forEach(ShopId shop, Consumer<CustomerRow> action) {
        query(shop, "", null, action);
    }

    @Override
    public Optional<CustomerRow> find(ShopId shop, String key) {
        Objects.requireNonNull(key, "key");
        List<CustomerRow> out = new ArrayList<>();
        query(shop, " WHERE customer_key = ? OR user_id = ? OR email_hash = ? OR phone_hash = ?"
                + " OR list_contains(string_split(coalesce(anonymous_ids, ''), ','), ?)", key, out::add);
        return out.stream().findFirst();
    }

    private void query(ShopId shop, String where, String key, Consumer<CustomerRow> action) {
        Path file = layout.mart(shop, MART);
        if (!Files.exists(file)) {
            return;
        }
        String sql = "SELECT " + COLUMNS + " FROM read_parquet(" + Duck.lit(file) + ")" + where
                + " ORDER BY customer_key";
        try (Connection c = Duck.open(1);
                PreparedStatement ps = c.prepareStatement(sql)) {
            if (key != null) {
                for (int i = 1; i <= 5; i++) {
                    ps.setString(i, key);
                }
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    action.accept(row(rs));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read " + MART + " of shop " + shop + ": " + e.getMessage(), e);
        }
    }

    private static CustomerRow row(ResultSet rs) throws SQLException {
        String anon = rs.getString("anonymous_ids");
        List<CustomerRow.CategoryAffinity> cats = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            String c = rs.getString("category_" + i);
            if (c != null) {
                cats.add(new CustomerRow.CategoryAffinity(c, rs.getDouble("share_" + i)));
            }
        }
        List<CustomerRow.LifeEvent> events = new ArrayList<>();
        Date moved = rs.getDate("moved_house_date");
        if (moved != null) {
            events.add(new CustomerRow.LifeEvent(CustomerRow.LifeEvent.MOVED_HOUSE, moved.toLocalDate(),
                    "property_register"));
        }
        Date reno = rs.getDate("renovating_date");
        if (reno != null) {
            events.add(new CustomerRow.LifeEvent(CustomerRow.LifeEvent.RENOVATING, reno.toLocalDate(), "purchases"));
        }
        events.sort((a, b) -> a.date().compareTo(b.date()));
        Date last = rs.getDate("last_purchase");
        long recency = rs.getLong("recency_days");
        boolean noRecency = rs.wasNull();
        double ps = rs.getDouble("price_sensitivity");
        boolean noPs = rs.wasNull();
        double bl = rs.getDouble("brand_loyalty");
        boolean noBl = rs.wasNull();
        String sources = rs.getString("sources");
        return new CustomerRow(rs.getString("customer_key"),
                new CustomerRow.CustomerKeys(Optional.ofNullable(rs.getString("user_id")),
                        Optional.ofNullable(rs.getString("email_hash")),
                        Optional.ofNullable(rs.getString("phone_hash")),
                        anon == null || anon.isEmpty() ? List.of() : Arrays.asList(anon.split(","))),
                Optional.ofNullable(last).map(Date::toLocalDate),
                noRecency ? OptionalLong.empty() : OptionalLong.of(recency), rs.getLong("frequency"),
                rs.getLong("monetary_minor"), noPs ? OptionalDouble.empty() : OptionalDouble.of(ps),
                noBl ? OptionalDouble.empty() : OptionalDouble.of(bl), cats, events,
                Optional.ofNullable(rs.getString("area")), Optional.ofNullable(rs.getString("area_tier")),
                sources == null || sources.isEmpty() ? List.of() : Arrays.asList(sources.split(",")));
    }
}
