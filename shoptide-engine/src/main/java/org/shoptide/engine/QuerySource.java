package org.shoptide.engine;

import java.util.List;

/**
 * The caller's own relevance order as a candidate source, for requests restricted to a list of items
 * ({@link org.shoptide.engine.api.Filters#onlyItems()}): the first item scores 1 and the last one 0.5, linearly, so
 * that the caller's best matches lead unless the customer's personal sources say otherwise. Applies in every scenario
 * (a visitor without history then gets the caller's order blended with trending).
 */
final class QuerySource implements CandidateSource {
    static final String NAME = "query";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void retrieve(Retrieval r) {
        List<String> only = r.req.filters().onlyItems();
        if (only == null || only.isEmpty() || r.weight(NAME) <= 0) {
            return;
        }
        double step = only.size() > 1 ? 0.5 / (only.size() - 1) : 0;
        for (int i = 0; i < only.size(); i++) {
            r.add(NAME, only.get(i), 1 - step * i, "matches your request");
        }
    }
}
