package org.shoptide.server.admin.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Dashboard sessions, held in memory: the browser holds a 256-bit random token in a cookie, the server only its
 * SHA-256, so a heap dump or log line never yields a usable cookie. A session ends {@code idle} after its last use,
 * {@code max} after login, or at logout; a server restart ends them all (operators log in again). Each session has its
 * own CSRF synchronizer token. Time comes from the injected clock.
 */
public final class AdminSessions {
    private final Map<String, Session> byHash = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration idle;
    private final Duration max;

    /** One logged-in operator. {@code csrfToken} must accompany every state-changing request of the session. */
    public record Session(String tokenHash, String username, String csrfToken, Instant createdAt, Instant lastSeen) {
    }

    /** A new session: the plaintext token goes into the cookie once and is not kept. */
    public record Created(String token, Session session) {
    }

    public AdminSessions(Clock clock, Duration idle, Duration max) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.idle = Objects.requireNonNull(idle, "idle");
        this.max = Objects.requireNonNull(max, "max");
    }

    public Created create(String username) {
        Instant now = clock.instant();
        purgeExpired(now);
        String token = Tokens.random256();
        Session s = new Session(Tokens.sha256(token), username, Tokens.random256(), now, now);
        byHash.put(s.tokenHash(), s);
        return new Created(token, s);
    }

    /** The live session of a cookie token, its idle timer renewed; empty when unknown, expired or logged out. */
    public Optional<Session> touch(String token) {
        if (token == null || token.isEmpty() || token.length() > 128) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        String hash = Tokens.sha256(token);
        Session s = byHash.get(hash);
        if (s == null) {
            return Optional.empty();
        }
        if (expired(s, now)) {
            byHash.remove(hash, s);
            return Optional.empty();
        }
        Session renewed = new Session(s.tokenHash(), s.username(), s.csrfToken(), s.createdAt(), now);
        byHash.replace(hash, s, renewed);
        return Optional.of(renewed);
    }

    /** Ends the session of a cookie token (logout); true when there was one. */
    public boolean invalidate(String token) {
        return token != null && byHash.remove(Tokens.sha256(token)) != null;
    }

    /** Ends every session of {@code username} (the account was deleted). */
    public void invalidateUser(String username) {
        byHash.values().removeIf(s -> s.username().equals(username));
    }

    /** When {@code s} ends unless used again: the earlier of its idle timeout and its maximum lifetime. */
    public Instant expiresAt(Session s) {
        Instant idleEnd = s.lastSeen().plus(idle);
        Instant maxEnd = s.createdAt().plus(max);
        return idleEnd.isBefore(maxEnd) ? idleEnd : maxEnd;
    }

    public int size() {
        return byHash.size();
    }

    private boolean expired(Session s, Instant now) {
        return !now.isBefore(expiresAt(s));
    }

    private void purgeExpired(Instant now) {
        for (Iterator<Session> it = byHash.values().iterator(); it.hasNext();) {
            if (expired(it.next(), now)) {
                it.remove();
            }
        }
    }
}
