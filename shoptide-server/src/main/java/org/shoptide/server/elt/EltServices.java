package org.shoptide.server.elt;

import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.shoptide.elt.Connectors;
import org.shoptide.elt.EltLayout;
import org.shoptide.elt.EltService;
import org.shoptide.elt.Secrets;
import org.shoptide.server.config.ConfigException;
import org.shoptide.server.config.ServerConfig;

/**
 * Builds the customer-360 ELT from the server configuration: the lake at {@code lake.path}, the shops' source and model
 * directories under {@code elt.dir}, the PII salt secret {@code elt.pii-secret}, secret references of sources resolved
 * from the environment. The composition root and the {@code shoptide elt} command use it.
 */
public final class EltServices {
    private EltServices() {
    }

    public static EltService create(ServerConfig config, Clock clock, Map<String, String> env) {
        if (config.elt().piiSecret() == null) {
            throw new ConfigException("elt.pii-secret (or SHOPTIDE_ELT_PII_SECRET) must be set to use the ELT: the"
                    + " per-shop salts that hash e-mail addresses and phones at landing derive from it");
        }
        EltLayout layout = new EltLayout(config.lakePath());
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        Connectors connectors = new Connectors(layout, new Secrets(env::get), http, clock,
                d -> Thread.sleep(d.toMillis()), new SecureRandom());
        return new EltService(layout, config.eltDir(), config.elt().piiSecret(), connectors, clock,
                config.elt().threads());
    }
}
