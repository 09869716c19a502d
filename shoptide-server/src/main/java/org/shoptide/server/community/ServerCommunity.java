package org.shoptide.server.community;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.shoptide.community.CommunityService;
import org.shoptide.community.Moderation;
import org.shoptide.community.SegmentService;
import org.shoptide.core.port.EventLog;
import org.shoptide.core.port.PostStore;
import org.shoptide.engine.api.Engine;

/**
 * The community as the server runs it (ADR 0031): posts in the entity database, interests and traits through the
 * engine. Defaults: at most {@value #POSTS_PER_WINDOW} posts per author per {@value #WINDOW_MINUTES} minutes, the
 * analysed catalog reused for {@value #CATALOG_MAX_AGE_SECONDS} s, segments with k in [2, 8] chosen by silhouette, seed
 * {@value #SEED}.
 */
public final class ServerCommunity implements AutoCloseable {
    static final int POSTS_PER_WINDOW = 10;
    static final int WINDOW_MINUTES = 10;
    static final int CATALOG_MAX_AGE_SECONDS = 60;
    static final long SEED = 42;

    private final CommunityService community;
    private final SegmentService segments;

    public ServerCommunity(Engine engine, EventLog log, PostStore posts, Clock clock) {
        EngineCommunityHost host = new EngineCommunityHost(engine, log);
        this.community = new CommunityService(posts, host,
                new Moderation(posts, clock, POSTS_PER_WINDOW, Duration.ofMinutes(WINDOW_MINUTES)), clock,
                () -> "p_" + UUID.randomUUID().toString().replace("-", ""),
                Duration.ofSeconds(CATALOG_MAX_AGE_SECONDS));
        this.segments = new SegmentService(host, clock, 2, 8, SEED);
    }

    public CommunityService community() {
        return community;
    }

    /** {@link SegmentService#recompute} is the one call a scheduler makes per shop. */
    public SegmentService segments() {
        return segments;
    }

    @Override
    public void close() {
        community.close();
    }
}
