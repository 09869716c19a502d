package org.shoptide.profile;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.shoptide.core.port.EventLog;
import org.shoptide.core.shop.ShopId;

/** The logins of a shop's event log: each distinct (user id, anonymous id) pair seen on one event, as records. */
public final class EventLogins {
    private EventLogins() {
    }

    /** One pass over the shop's log. */
    public static List<IdentityRecord> scan(EventLog log, ShopId shop) {
        Set<List<String>> pairs = new LinkedHashSet<>();
        log.replay(shop, 0, le -> IdentityRecord.of(le.event())
                .ifPresent(r -> pairs.add(List.of(r.userId().orElseThrow(), r.anonymousIds().get(0)))));
        List<IdentityRecord> out = new ArrayList<>(pairs.size());
        for (List<String> p : pairs) {
            out.add(new IdentityRecord(List.of(IdentityRecord.EVENTS), Optional.of(p.get(0)), Optional.empty(),
                    Optional.empty(), List.of(p.get(1)), List.of()));
        }
        return out;
    }
}
