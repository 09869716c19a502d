package org.shoptide.engine;

import java.util.ArrayList;
import java.util.List;
import org.shoptide.engine.Retrieval.Seed;
import org.shoptide.engine.api.Scenario;

/** {@code session}: the LLR neighbours of the last items of the current session (user scenario). */
final class SessionSource implements CandidateSource {
    static final String NAME = "session";
    private static final int SESSION_SEEDS = 5;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void retrieve(Retrieval r) {
        if (r.scenario != Scenario.USER || r.weight(NAME) <= 0 || r.user == null) {
            return;
        }
        List<Seed> session = new ArrayList<>();
        for (int i = 0; i < Math.min(SESSION_SEEDS, r.user.sessionItems().size()); i++) {
            session.add(new Seed(r.user.sessionItems().get(i), (float) Math.pow(0.8, i)));
        }
        CooccurrenceSource.neighbours(r, session, NAME, 1f);
    }
}
