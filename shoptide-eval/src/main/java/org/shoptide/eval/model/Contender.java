package org.shoptide.eval.model;

import java.io.IOException;
import java.util.Map;
import org.shoptide.eval.metrics.Ranker;
import org.shoptide.eval.protocol.Split;

/** A model the harness trains on a split and ranks with: a registry model or the engine's blend. */
public interface Contender {
    /** The name in reports and on the command line. */
    String name();

    /** {@code registry} (a model of {@code org.shoptide.core.algo.Algorithms}) or {@code engine}. */
    String kind();

    /** Every parameter with its default value, {@code threads} and {@code seed} set from the run. */
    Map<String, String> defaults(int threads, long seed);

    /** Trains on the split's training rows with these (complete) parameters. */
    Trained train(Split split, Map<String, String> params) throws Exception;

    /** A trained model; close it to free what it holds (the engine's files). */
    interface Trained extends AutoCloseable {
        /**
         * The ranker for the cases of {@code split}, which must have the training rows this model was trained on
         * ({@link Split#sameTraining}). Registry models read each case's history; the engine is first told the split's
         * history-only rows (exact leave-one-out's validation items), as a server learns of events after its last
         * training. Rank the splits in the order the protocol gives them (validation, then test).
         */
        Ranker ranker(Split split) throws IOException;

        /**
         * Wall time of training proper: building the training data and fitting the model (for the engine, its
         * {@code train} call: log replay and model fitting, not the ingest before it).
         */
        long trainMillis();

        /** What the model reports about its training (counts, stage times), may be empty. */
        Map<String, String> stats();

        @Override
        default void close() throws IOException {
        }
    }
}
