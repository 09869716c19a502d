package org.shoptide.engine;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.shoptide.core.model.ShopModel;
import org.shoptide.core.port.UserSnapshot;
import org.shoptide.engine.api.Recommendation;
import org.shoptide.engine.api.RecommendationRequest;
import org.shoptide.engine.api.RecommendedItem;

/**
 * The ranking pipeline of one configuration (the server's, or an experiment variant's blend weights): <b>retrieve →
 * blend → explain</b>.
 * <ol>
 * <li>Retrieve: every {@link CandidateSource} offers candidates: {@code als}, {@code cooccurrence}, {@code session},
 * {@code content}, {@code trending}, {@code popular}, {@code query}, {@code profile} (the customer-360 profile's
 * categories), and one source per item-to-item model of the configuration. A candidate must be in the catalog index,
 * pass the request filters and not be excluded (request items, seed, purchased when asked, disliked). A visitor without
 * history is served as the trending scenario.
 * <li>Blend and explain: the {@link Blender} and its {@link Explainer}.
 * </ol>
 * Cost per request is bounded by the candidate lists plus one vectorisable pass over the item factors; the catalog is
 * never scanned except for category-scoped trending.
 */
final class Recommender {
    private static final List<String> BUILT_IN = List.of(AlsSource.NAME, CooccurrenceSource.NAME, SessionSource.NAME,
            ContentSource.NAME, CounterSource.TRENDING, CounterSource.POPULAR, QuerySource.NAME, ProfileSource.NAME);

    private final EngineConfig config;
    private final Clock clock;
    /** The sources' names, indexing each candidate's per-source scores: the built-in ones, then the item models. */
    private final String[] names;
    private final List<CandidateSource> sources;
    private final Blender blender;
    /**
     * Whether the user scenario serves the blend each shop's training chose ({@link BlendChoice}), when it chose one.
     */
    private final boolean tuned;

    /** The server's pipeline: serves each shop's tuned blend when {@code config.autoBlend()}. */
    Recommender(EngineConfig config, Clock clock) {
        this(config, clock, config.autoBlend());
    }

    /**
     * @param tuned
     *            whether the user scenario serves the shop's tuned blend (false: exactly the configuration's weights,
     *            as an experiment variant with explicit weights asks)
     */
    Recommender(EngineConfig config, Clock clock, boolean tuned) {
        this.config = config;
        this.clock = clock;
        this.tuned = tuned;
        CounterSource trending = CounterSource.trending();
        CounterSource popular = CounterSource.popular();
        List<CandidateSource> all = new ArrayList<>(List.of(new AlsSource(), new CooccurrenceSource(),
                new SessionSource(), new ContentSource(), trending, popular, new QuerySource(), new ProfileSource()));
        config.itemModels().keySet().stream().filter(n -> !BUILT_IN.contains(n))
                .forEach(n -> all.add(new ItemModelSource(n)));
        this.sources = List.copyOf(all);
        this.names = sources.stream().map(CandidateSource::name).toArray(String[]::new);
        this.blender = new Blender(names, trending, popular);
    }

    /**
     * Runs the pipeline.
     *
     * @param user
     *            the subject's realtime state, or null
     * @param modelUserId
     *            the id under which the model may know the subject, or null
     */
    Recommendation recommend(ShopRuntime rt, RecommendationRequest req, UserSnapshot user, String modelUserId, int n) {
        ServedModel.Served served = rt.served.get();
        Map<String, Double> weights = tuned && served.blend() != null ? served.blend().weights() : null;
        Retrieval r = new Retrieval(rt, served.model(), weights, rt.rankings, req, user, modelUserId, n, names, config,
                clock.millis());
        for (CandidateSource source : sources) {
            source.retrieve(r);
        }
        List<RecommendedItem> out = blender.blend(r);
        return new Recommendation(UUID.randomUUID().toString(), req.scenario(), r.model.version(), out);
    }

    /**
     * The candidates every source offers for {@code req} from {@code model} with every source on (weight 1), not
     * blended: what {@link BlendTuning} re-fuses under trial weights.
     */
    Retrieval retrieveAll(ShopRuntime rt, ShopModel model, Map<String, CounterSource.Ranking> rankings,
            RecommendationRequest req, UserSnapshot user, String modelUserId) {
        Map<String, Double> all = new HashMap<>();
        for (String name : names) {
            all.put(name, 1.0);
        }
        Retrieval r = new Retrieval(rt, model, all, rankings, req, user, modelUserId, req.n(), names, config,
                clock.millis());
        for (CandidateSource source : sources) {
            source.retrieve(r);
        }
        return r;
    }

    /** The sources' names, in the order of each candidate's per-source scores. */
    String[] names() {
        return names.clone();
    }

    /**
     * Names of the candidate sources of a configuration (built-in and item-to-item models), valid as experiment models
     * and blend-weight keys.
     */
    static Set<String> sourceNames(EngineConfig config) {
        Set<String> out = new TreeSet<>(BUILT_IN);
        out.addAll(config.itemModels().keySet());
        return out;
    }
}
