package org.shoptide.server.http.handler;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.shoptide.community.CommunityException;
import org.shoptide.community.CommunityService;
import org.shoptide.community.SegmentService;
import org.shoptide.community.TfIdf;
import org.shoptide.core.port.PostStore.PostRecord;
import org.shoptide.core.shop.ApiKeyKind;
import org.shoptide.core.shop.ShopId;
import org.shoptide.engine.api.Violation;
import org.shoptide.server.http.ApiProblem;
import org.shoptide.server.http.filter.Access;
import org.shoptide.server.http.filter.Caller;
import org.shoptide.server.http.filter.CustomerIdentity;
import org.shoptide.server.http.json.RequestBody;

/**
 * What customers write, their keywords and the shop's segments (ADR 0031).
 * <ul>
 * <li>{@code POST /v1/posts} {@code {authorId, text, category?, parentId?}}: a post, or a comment on {@code parentId}
 * (201 with the post and the catalog items it made the author interested in). A customer posts with the publishable key
 * and their customer token, the shop's backend with the secret key. 429 with Retry-After past the per-author rate.
 * <li>{@code GET /v1/posts?category=&limit=}: visible top-level posts, newest first; {@code GET /v1/posts/{id}}: a post
 * with its comments; {@code GET /v1/posts/search?q=&category=&limit=}: keyword search, analysed per language.
 * <li>{@code DELETE /v1/posts/{id}}: hides a post; with the publishable key only its author (customer token), with the
 * secret key the shop (moderation).
 * <li>{@code POST /v1/posts/import} (secret) {@code {posts: [{authorId, text, source, externalId, consent, category?,
 * createdAt?}]}}: social posts (WeChat Moments, ...); validated whole, stored only with consent, idempotent per source
 * and external id.
 * <li>{@code PUT|GET /v1/community/banned-words} (secret) {@code {words: [...]}}.
 * <li>{@code GET /v1/users/{id}/keywords?n=} (secret): the customer's TF-IDF keywords per language.
 * <li>{@code POST /v1/segments/recompute} and {@code GET /v1/segments} (secret): k-means segments and how k was chosen.
 * </ul>
 * Text is returned raw in JSON (which is safe); whoever renders it as HTML escapes it, as the dashboard does.
 */
public final class CommunityHandler implements Resource {
    static final int MAX_ID_CHARS = 256;
    static final int DEFAULT_LIMIT = 20;

    private final RequestBody body;
    private volatile CommunityService community;
    private volatile SegmentService segments;

    public CommunityHandler(RequestBody body) {
        this.body = body;
    }

    /** Serves the routes with these services; until then they answer 404 "not configured". */
    public void enable(CommunityService communityService, SegmentService segmentService) {
        this.community = communityService;
        this.segments = segmentService;
    }

    /** Erases what the user wrote (part of erasing the user); 0 when the community is not configured. */
    public int eraseUser(ShopId shop, String userId) {
        CommunityService c = community;
        return c == null ? 0 : c.eraseUser(shop, userId);
    }

    @Override
    public void register(RouteTable r) {
        r.add(HandlerType.POST, "/v1/posts", Access.PUBLISHABLE, this::create);
        r.add(HandlerType.GET, "/v1/posts", Access.PUBLISHABLE, this::list);
        r.add(HandlerType.GET, "/v1/posts/search", Access.PUBLISHABLE, this::search);
        r.add(HandlerType.POST, "/v1/posts/import", Access.SECRET, this::importPosts);
        r.add(HandlerType.GET, "/v1/posts/{id}", Access.PUBLISHABLE, this::thread);
        r.add(HandlerType.DELETE, "/v1/posts/{id}", Access.PUBLISHABLE, this::delete);
        r.add(HandlerType.PUT, "/v1/community/banned-words", Access.SECRET, this::putBanned);
        r.add(HandlerType.GET, "/v1/community/banned-words", Access.SECRET,
                ctx -> ctx.json(Map.of("words", community().bannedWords(Caller.shop(ctx)))));
        r.add(HandlerType.GET, "/v1/users/{id}/keywords", Access.SECRET, this::keywords);
        r.add(HandlerType.POST, "/v1/segments/recompute", Access.SECRET,
                ctx -> ctx.json(segments().recompute(Caller.shop(ctx))));
        r.add(HandlerType.GET, "/v1/segments", Access.SECRET,
                ctx -> ctx.json(segments().latest(Caller.shop(ctx)).orElseThrow(() -> new ApiProblem(404, "not-found",
                        "Not found", "no segments computed since start-up: POST /v1/segments/recompute"))));
        r.preflight("/v1/posts", "GET, POST");
        r.preflight("/v1/posts/search", "GET");
        r.preflight("/v1/posts/{id}", "GET, DELETE");
    }

    private CommunityService community() {
        CommunityService c = community;
        if (c == null) {
            throw new ApiProblem(404, "not-found", "Not found", "the community is not configured on this server");
        }
        return c;
    }

    private SegmentService segments() {
        SegmentService s = segments;
        if (s == null) {
            throw new ApiProblem(404, "not-found", "Not found", "segments are not configured on this server");
        }
        return s;
    }

    private void create(Context ctx) {
        CommunityService c = community();
        JsonNode b = body.tree(ctx);
        List<Violation> v = new ArrayList<>();
        String authorId = text(b, "authorId", MAX_ID_CHARS, v);
        String text = raw(b, "text", v);
        String category = text(b, "category", 200, v);
        String parentId = text(b, "parentId", MAX_ID_CHARS, v);
        if (authorId == null && v.isEmpty() && Caller.of(ctx).kind() == ApiKeyKind.SECRET) {
            v.add(new Violation(-1, "authorId", "authorId is required"));
        }
        if (!v.isEmpty()) {
            throw ApiProblem.badRequest("the post is invalid; nothing was stored", v);
        }
        String author = CustomerIdentity.require(ctx, authorId);
        CommunityService.Posted p = call(() -> {
            try {
                return c.post(Caller.shop(ctx), new CommunityService.NewPost(author, category, text, parentId));
            } catch (CommunityException e) {
                if (e.kind() == CommunityException.Kind.RATE_LIMITED) {
                    ctx.header("Retry-After", String.valueOf(c.retryAfterSeconds()));
                }
                throw e;
            }
        });
        Map<String, Object> out = post(p.post());
        out.put("interests", p.interests());
        ctx.status(201).json(out);
    }

    private void list(Context ctx) {
        int limit = (int) Params.longParam(ctx, "limit", DEFAULT_LIMIT, 1, CommunityService.MAX_LIST);
        String category = blank(ctx.queryParam("category"));
        ctx.json(
                Map.of("posts", community().list(Caller.shop(ctx), category, limit).stream().map(this::post).toList()));
    }

    private void search(Context ctx) {
        int limit = (int) Params.longParam(ctx, "limit", DEFAULT_LIMIT, 1, CommunityService.MAX_LIST);
        String q = ctx.queryParam("q");
        String category = blank(ctx.queryParam("category"));
        List<PostRecord> found = call(() -> community().search(Caller.shop(ctx), q, category, limit));
        ctx.json(Map.of("posts", found.stream().map(this::post).toList()));
    }

    private void thread(Context ctx) {
        Map.Entry<PostRecord, List<PostRecord>> t = call(
                () -> community().thread(Caller.shop(ctx), ctx.pathParam("id")));
        Map<String, Object> out = post(t.getKey());
        out.put("comments", t.getValue().stream().map(this::post).toList());
        ctx.json(out);
    }

    private void delete(Context ctx) {
        CommunityService c = community();
        String requester = Caller.of(ctx).kind() == ApiKeyKind.SECRET ? null : CustomerIdentity.require(ctx, null);
        call(() -> {
            c.delete(Caller.shop(ctx), ctx.pathParam("id"), requester);
            return null;
        });
        ctx.status(204);
    }

    private void importPosts(Context ctx) {
        CommunityService c = community();
        JsonNode b = body.tree(ctx);
        JsonNode arr = b.get("posts");
        List<Violation> v = new ArrayList<>();
        List<CommunityService.ImportedPost> batch = new ArrayList<>();
        if (arr == null || !arr.isArray()) {
            throw ApiProblem.badRequest("posts", "posts must be an array");
        }
        if (arr.size() > CommunityService.MAX_IMPORT) {
            throw ApiProblem.badRequest("posts", "at most " + CommunityService.MAX_IMPORT + " posts per import");
        }
        for (int i = 0; i < arr.size(); i++) {
            JsonNode p = arr.get(i);
            List<Violation> pv = new ArrayList<>();
            if (!p.isObject()) {
                v.add(new Violation(i, "posts", "each post must be an object"));
                continue;
            }
            String authorId = text(p, "authorId", MAX_ID_CHARS, pv);
            String text = raw(p, "text", pv);
            String source = text(p, "source", 64, pv);
            String externalId = text(p, "externalId", MAX_ID_CHARS, pv);
            String category = text(p, "category", 200, pv);
            Instant createdAt = null;
            String at = text(p, "createdAt", 64, pv);
            if (at != null) {
                try {
                    createdAt = Instant.parse(at);
                } catch (DateTimeParseException e) {
                    pv.add(new Violation(-1, "createdAt", "createdAt must be an ISO-8601 instant"));
                }
            }
            JsonNode consent = p.get("consent");
            if (consent == null || !consent.isBoolean()) {
                pv.add(new Violation(-1, "consent", "consent must be true or false: whether the customer agreed"));
            }
            for (Violation x : pv) {
                v.add(new Violation(i, x.field(), x.message()));
            }
            if (pv.isEmpty()) {
                batch.add(new CommunityService.ImportedPost(authorId, category, text, source, externalId, createdAt,
                        consent.booleanValue()));
            }
        }
        if (!v.isEmpty()) {
            throw ApiProblem.badRequest("the import is invalid; nothing was stored", v);
        }
        CommunityService.Imported r = call(() -> c.importPosts(Caller.shop(ctx), batch));
        ctx.json(Map.of("stored", r.stored(), "duplicates", r.duplicates(), "withoutConsent", r.withoutConsent()));
    }

    private void putBanned(Context ctx) {
        JsonNode words = body.tree(ctx).get("words");
        if (words == null || !words.isArray()) {
            throw ApiProblem.badRequest("words", "words must be an array of strings");
        }
        List<String> list = new ArrayList<>();
        for (JsonNode w : words) {
            if (!w.isTextual()) {
                throw ApiProblem.badRequest("words", "words must be an array of strings");
            }
            list.add(w.asText());
        }
        ctx.json(Map.of("words", call(() -> community().replaceBannedWords(Caller.shop(ctx), list))));
    }

    private void keywords(Context ctx) {
        int n = (int) Params.longParam(ctx, "n", CommunityService.TRAIT_KEYWORDS, 1, 50);
        String userId = ctx.pathParam("id");
        Map<String, List<TfIdf.Weighted>> k = community().keywords(Caller.shop(ctx), userId, n);
        Map<String, Object> byLanguage = new LinkedHashMap<>();
        k.forEach((l, w) -> byLanguage.put(l,
                w.stream().map(x -> Map.<String, Object> of("term", x.term(), "score", x.weight())).toList()));
        ctx.json(Map.of("userId", userId, "keywords", byLanguage));
    }

    private Map<String, Object> post(PostRecord p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", p.id());
        m.put("authorId", p.authorId());
        m.put("kind", p.kind().wireName());
        m.put("category", p.category());
        m.put("language", p.language());
        m.put("text", p.text());
        m.put("parentId", p.parentId());
        m.put("source", p.source());
        m.put("createdAt", p.createdAt().toString());
        return m;
    }

    /** Runs a community call, answering its refusals as problems. */
    private static <T> T call(Supplier<T> work) {
        try {
            return work.get();
        } catch (CommunityException e) {
            throw switch (e.kind()) {
                case INVALID -> ApiProblem.badRequest(e.getMessage(), violations(e.problems()));
                case NOT_FOUND -> new ApiProblem(404, "not-found", "Not found", e.getMessage());
                case FORBIDDEN -> new ApiProblem(403, "forbidden", "Forbidden", e.getMessage());
                case RATE_LIMITED -> new ApiProblem(429, "rate-limited", "Too many posts", e.getMessage());
            };
        }
    }

    /** "posts[3].text: message" → a violation of item 3, field text. */
    private static List<Violation> violations(List<String> problems) {
        List<Violation> out = new ArrayList<>();
        for (String p : problems) {
            int colon = p.indexOf(": ");
            String field = colon < 0 ? "" : p.substring(0, colon);
            String message = colon < 0 ? p : p.substring(colon + 2);
            int index = -1;
            if (field.startsWith("posts[") && field.indexOf(']') > 6) {
                index = Integer.parseInt(field.substring(6, field.indexOf(']')));
                field = field.substring(field.indexOf(']') + 1).replaceFirst("^\\.", "");
            }
            out.add(new Violation(index, field, message));
        }
        return out;
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static String raw(JsonNode b, String field, List<Violation> v) {
        JsonNode n = b.get(field);
        if (n == null || n.isNull()) {
            v.add(new Violation(-1, field, field + " is required"));
            return null;
        }
        if (!n.isTextual()) {
            v.add(new Violation(-1, field, field + " must be a string"));
            return null;
        }
        return n.asText();
    }

    private static String text(JsonNode b, String field, int max, List<Violation> v) {
        JsonNode n = b.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            v.add(new Violation(-1, field, field + " must be a string"));
            return null;
        }
        String s = n.asText().strip();
        if (s.isEmpty()) {
            return null;
        }
        if (s.length() > max) {
            v.add(new Violation(-1, field, field + " must be at most " + max + " characters"));
            return null;
        }
        return s;
    }
}
