package org.shoptide.trade;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Locale;

/**
 * Fresh ids: a prefix, the time in milliseconds (base 36, so ids sort roughly by creation) and 64 random bits. At most
 * 32 characters of {@code [a-z0-9_]}, as providers require of merchant ids.
 */
final class Ids {
    private final SecureRandom random = new SecureRandom();

    String next(String prefix, Instant now) {
        String time = Long.toString(now.toEpochMilli(), 36);
        String rand = Long.toUnsignedString(random.nextLong(), 36);
        return (prefix + "_" + time + "0000000000000".substring(rand.length()) + rand).toLowerCase(Locale.ROOT);
    }
}
