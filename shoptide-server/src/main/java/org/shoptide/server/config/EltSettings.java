package org.shoptide.server.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * The customer-360 ELT (docs/CUSTOMER360.md).
 *
 * @param dir
 *            the per-shop configuration root, or null for {@code <data.dir>/elt}
 * @param piiSecret
 *            the secret the per-shop PII salts derive from, or null when unset
 * @param threads
 *            DuckDB threads, 0 = all cores
 */
public record EltSettings(Path dir, String piiSecret, int threads) {
    @Override
    public String toString() {
        return "EltSettings[dir=" + dir + ", piiSecret=" + (piiSecret == null ? "unset" : "***") + ", threads="
                + threads + "]";
    }

    /** Reads {@code elt.*}: the secret, when set, must have at least 16 characters. */
    static EltSettings parse(Map<String, String> v) {
        String secret = v.get(ConfigKey.ELT_PII_SECRET.name());
        if (secret != null && !secret.isEmpty() && secret.length() < 16) {
            throw new ConfigException(
                    "elt.pii-secret must be at least 16 characters (or empty when the ELT is unused)");
        }
        return new EltSettings(ServerConfig.optionalPath(v, ConfigKey.ELT_DIR),
                secret == null || secret.isEmpty() ? null : secret,
                ServerConfig.intIn(v, ConfigKey.ELT_THREADS, 0, 1024));
    }
}
