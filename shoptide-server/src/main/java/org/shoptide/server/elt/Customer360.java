package org.shoptide.server.elt;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.shoptide.core.shop.ShopId;
import org.shoptide.elt.DuckCustomerMart;
import org.shoptide.elt.EltEraser;
import org.shoptide.elt.EltService;
import org.shoptide.elt.model.RunReport;
import org.shoptide.profile.ProfileBuilder;
import org.shoptide.server.config.ServerConfig;
import org.shoptide.server.http.Json;
import org.shoptide.server.profile.ServerProfiles;

/**
 * The customer-360 pipeline of a server (docs/CUSTOMER360.md): a shop's sources landed and its SQL marts built
 * ({@link EltService#runAll}), then its profiles rebuilt from the customer mart through the identity graph
 * ({@link ProfileBuilder#rebuild}), as the {@value #JOB} job on each shop's training schedule; and user erasure
 * reaching the raw lake files and marts. Present only when the ELT is configured ({@code elt.pii-secret} set).
 */
public final class Customer360 {
    /** The job kind that runs the pipeline of one shop. */
    public static final String JOB = "customer360";
    private final EltService elt;
    private final ServerProfiles profiles;

    private Customer360(EltService elt, ServerProfiles profiles) {
        this.elt = elt;
        this.profiles = profiles;
    }

    /** The pipeline when {@code elt.pii-secret} is set, else empty. */
    public static Optional<Customer360> open(ServerConfig config, Clock clock, ServerProfiles profiles) {
        if (config.elt().piiSecret() == null) {
            return Optional.empty();
        }
        return Optional.of(new Customer360(EltServices.create(config, clock, System.getenv()), profiles));
    }

    /**
     * Lands the shop's sources, builds its marts and rebuilds its profiles; a shop without an ELT configuration
     * ({@code <elt.dir>/<shop>/sources.json}) is skipped. Returns the run as a small JSON document; fails (and the job
     * records why) when a data test stops the marts.
     */
    public String run(ShopId shop) throws JsonProcessingException {
        Map<String, Object> out = new LinkedHashMap<>();
        if (!Files.isRegularFile(elt.shopDir(shop).resolve("sources.json"))) {
            out.put("skipped", "no " + elt.shopDir(shop).resolve("sources.json"));
            return Json.MAPPER.writeValueAsString(out);
        }
        RunReport marts = elt.runAll(shop);
        if (marts.failure().isPresent()) { // a data test stopped the load: the previous marts and profiles stay
            throw new IllegalStateException("marts not published: " + marts.failure().get());
        }
        out.put("run", marts.runId());
        out.put("models", marts.built().size());
        ProfileBuilder.Report built = profiles.builder(new DuckCustomerMart(elt.layout())).rebuild(shop);
        out.put("profiles", built.profiles());
        out.put("unresolvedRows", built.unresolvedRows());
        return Json.MAPPER.writeValueAsString(out);
    }

    /** The receiving end of the shop's webhook sources ({@code POST /v1/elt/webhooks/{shop}/{source}}). */
    public EltWebhookHandler webhooks(Clock clock) {
        return new EltWebhookHandler(elt, System::getenv, clock);
    }

    /** Erases the user from the shop's raw lake files and marts; returns the rows removed (capped at int). */
    public int erase(ShopId shop, String userId) {
        if (!Files.isRegularFile(elt.shopDir(shop).resolve("sources.json"))) {
            return 0;
        }
        EltEraser.Erasure e = elt.erase(shop, Optional.of(userId), Optional.empty());
        return (int) Math.min(Integer.MAX_VALUE, e.rowsRemoved());
    }
}
