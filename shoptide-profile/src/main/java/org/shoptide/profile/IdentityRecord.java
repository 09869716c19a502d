package org.shoptide.profile;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.shoptide.core.event.Event;
import org.shoptide.core.profile.CustomerRow;
import org.shoptide.core.profile.Identifier;
import org.shoptide.core.profile.IdentityKind;

/**
 * The identifiers one source record holds for one person: the input of the linking rules ({@link IdentityRules}).
 *
 * @param sources
 *            the sources the record came from (a mart row's, or {@code events})
 */
public record IdentityRecord(List<String> sources, Optional<String> userId, Optional<String> emailHash,
        Optional<String> phoneHash, List<String> anonymousIds, List<String> deviceIds) {
    /** The source name of records taken from events. */
    public static final String EVENTS = "events";

    public IdentityRecord {
        sources = List.copyOf(sources);
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("an identity record names its source");
        }
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(emailHash, "emailHash");
        Objects.requireNonNull(phoneHash, "phoneHash");
        anonymousIds = List.copyOf(anonymousIds);
        deviceIds = List.copyOf(deviceIds);
    }

    /** The keys of a mart row (its anonymous ids are taken as anonymous, not device, ids). */
    public static IdentityRecord of(CustomerRow row) {
        List<String> sources = row.sources().isEmpty() ? List.of("mart") : row.sources();
        return new IdentityRecord(sources, row.keys().userId(), row.keys().emailHash(), row.keys().phoneHash(),
                row.keys().anonymousIds(), List.of());
    }

    /** The login an event shows: a user id and an anonymous id on the same event; empty otherwise. */
    public static Optional<IdentityRecord> of(Event e) {
        if (e.userId() == null || e.anonymousId() == null || e.userId().equals(e.anonymousId())) {
            return Optional.empty();
        }
        return Optional.of(new IdentityRecord(List.of(EVENTS), Optional.of(e.userId()), Optional.empty(),
                Optional.empty(), List.of(e.anonymousId()), List.of()));
    }

    /** Every identifier of the record. */
    public List<Identifier> identifiers() {
        List<Identifier> out = new ArrayList<>();
        userId.ifPresent(u -> out.add(Identifier.user(u)));
        emailHash.ifPresent(h -> out.add(new Identifier(IdentityKind.EMAIL_SHA256, h)));
        phoneHash.ifPresent(h -> out.add(new Identifier(IdentityKind.PHONE_SHA256, h)));
        anonymousIds.forEach(a -> out.add(new Identifier(IdentityKind.ANONYMOUS, a)));
        deviceIds.forEach(d -> out.add(new Identifier(IdentityKind.DEVICE, d)));
        return out;
    }
}
