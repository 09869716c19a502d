package org.shoptide.server.http.handler;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.shoptide.core.shop.ShopId;
import org.shoptide.engine.api.BusinessReport;
import org.shoptide.engine.api.Experimentation;
import org.shoptide.server.http.ApiProblem;
import org.shoptide.server.http.filter.Access;
import org.shoptide.server.http.filter.Caller;

/**
 * The shop's business figures per day ({@code GET /v1/business}): visitors, buyers, conversion rate, orders, revenue,
 * average order value and the shares attributed to recommendations and to the assistant. Answers 501 when the engine
 * offers no {@link Experimentation}.
 */
public final class BusinessHandler implements Resource {
    /** The range when the request names none: the last 30 days, today included. */
    static final int DEFAULT_DAYS = 30;

    private final Experimentation experimentation;
    private final Clock clock;

    public BusinessHandler(Experimentation experimentation, Clock clock) {
        this.experimentation = experimentation;
        this.clock = clock;
    }

    @Override
    public void register(RouteTable r) {
        r.add(HandlerType.GET, "/v1/business", Access.SECRET, ctx -> ctx.json(report(ctx, Caller.shop(ctx))));
    }

    /** The report JSON of a shop for the request's {@code from} and {@code to} (ISO dates, UTC days). */
    public Map<String, Object> report(Context ctx, ShopId shop) {
        if (experimentation == null) {
            throw new ApiProblem(501, "not-implemented", "Not Implemented",
                    "business figures are not available on this engine");
        }
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        LocalDate to = date(ctx, "to", today);
        LocalDate from = date(ctx, "from", to.minusDays(DEFAULT_DAYS - 1));
        return json(experimentation.business(shop, from, to));
    }

    private static LocalDate date(Context ctx, String name, LocalDate absent) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            return absent;
        }
        try {
            return LocalDate.parse(v.strip());
        } catch (DateTimeParseException e) {
            throw ApiProblem.badRequest(name, name + " must be an ISO date such as 2026-12-07");
        }
    }

    static Map<String, Object> json(BusinessReport report) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("from", report.from().toString());
        out.put("to", report.to().toString());
        out.put("days", report.days().stream().map(BusinessHandler::day).toList());
        return out;
    }

    private static Map<String, Object> day(BusinessReport.Day d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("date", d.date().toString());
        m.put("visitors", d.visitors());
        m.put("buyers", d.buyers());
        m.put("conversionRate", d.conversionRate());
        m.put("orders", d.orders());
        List<Map<String, Object>> revenue = d.revenue().stream().map(r -> {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("currency", r.currency());
            x.put("orders", r.orders());
            x.put("revenueMinor", r.revenueMinor());
            x.put("averageOrderValueMinor", r.averageOrderValueMinor());
            x.put("recommendationsMinor", r.recommendationsMinor());
            x.put("assistantMinor", r.assistantMinor());
            x.put("refundsMinor", r.refundsMinor());
            return x;
        }).toList();
        m.put("revenue", revenue);
        return m;
    }
}
