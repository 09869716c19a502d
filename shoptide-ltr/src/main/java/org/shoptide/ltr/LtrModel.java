package org.shoptide.ltr;

import com.microsoft.ml.lightgbm.PredictionType;
import io.github.metarank.lightgbm4j.LGBMBooster;
import io.github.metarank.lightgbm4j.LGBMDataset;
import io.github.metarank.lightgbm4j.LGBMException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A LambdaMART ranker (gradient-boosted trees with the LambdaRank gradient of NDCG; Burges 2010, "From RankNet to
 * LambdaRank to LambdaMART: An Overview") trained with LightGBM 4.3 ({@code objective=lambdarank}) through lightgbm4j.
 * <p>
 * <b>Position bias.</b> Items shown lower are clicked less whatever their relevance. Training passes each row's logged
 * position to LightGBM ({@code position} field, LightGBM ≥ 4.1), which learns a bias factor per position jointly with
 * the trees and divides the lambdas by it: unbiased LambdaMART (Hu, Wang, Peng & Li 2019, "Unbiased LambdaMART: An
 * Unbiased Pairwise Learning-to-Rank Algorithm"). The position is not a feature, so serving needs none.
 * <p>
 * Training is single-threaded and deterministic for a given seed. Prediction is synchronized: one booster, many request
 * threads.
 */
public final class LtrModel implements AutoCloseable {

    /**
     * Training settings.
     *
     * @param iterations
     *            boosting rounds
     * @param learningRate
     *            shrinkage
     * @param leaves
     *            maximum leaves per tree
     * @param minDataInLeaf
     *            minimum rows per leaf
     * @param seed
     *            seed of LightGBM's sampling
     */
    public record Params(int iterations, double learningRate, int leaves, int minDataInLeaf, long seed) {
        public Params {
            if (iterations < 1 || leaves < 2 || minDataInLeaf < 1 || !(learningRate > 0)) {
                throw new IllegalArgumentException(
                        "iterations >= 1, leaves >= 2, minDataInLeaf >= 1, learningRate > 0");
            }
        }

        /**
         * 150 rounds, learning rate 0.03, 7 leaves, 200 rows per leaf: small trees, because the model is trained on one
         * period and serves the next, and deeper ones fitted the first period's drift (checked on simulated logs).
         */
        public static Params defaults(long seed) {
            return new Params(150, 0.03, 7, 200, seed);
        }

        String lightgbm() {
            return String.format(Locale.ROOT,
                    "objective=lambdarank metric=ndcg eval_at=10 label_gain=0,1,3,7 lambdarank_truncation_level=10"
                            + " learning_rate=%s num_leaves=%d min_data_in_leaf=%d feature_fraction=0.9"
                            + " bagging_fraction=0.9 bagging_freq=1 seed=%d deterministic=true force_row_wise=true"
                            + " num_threads=1 verbose=-1",
                    learningRate, leaves, minDataInLeaf, seed);
        }
    }

    private final LGBMBooster booster;
    private final String text;

    private LtrModel(LGBMBooster booster, String text) {
        this.booster = booster;
        this.text = text;
    }

    /**
     * Trains on the groups that have at least one positive label (an all-zero group carries no ranking signal).
     *
     * @throws IllegalArgumentException
     *             when no group has a positive label
     */
    public static LtrModel train(List<ImpressionLog.Group> groups, Params params) {
        List<ImpressionLog.Group> useful = new ArrayList<>();
        int rows = 0;
        for (ImpressionLog.Group g : groups) {
            if (g.hasPositive()) {
                useful.add(g);
                rows += g.rows().size();
            }
        }
        if (useful.isEmpty()) {
            throw new IllegalArgumentException("no impression with a click, add-to-cart or purchase to learn from");
        }
        int cols = LtrFeatures.COUNT;
        float[] x = new float[rows * cols];
        float[] y = new float[rows];
        int[] sizes = new int[useful.size()];
        int[] positions = new int[rows];
        int r = 0;
        for (int gi = 0; gi < useful.size(); gi++) {
            List<ImpressionLog.Row> rs = useful.get(gi).rows();
            sizes[gi] = rs.size();
            for (ImpressionLog.Row row : rs) {
                System.arraycopy(row.features(), 0, x, r * cols, cols);
                positions[r] = Math.max(0, row.position() - 1);
                y[r] = row.label();
                r++;
            }
        }
        try (LGBMDataset data = LGBMDataset.createFromMat(x, rows, cols, true,
                "max_bin=63 min_data_in_bin=5 verbose=-1", null)) {
            data.setFeatureNames(LtrFeatures.NAMES.toArray(new String[0]));
            data.setField("label", y);
            data.setField("group", sizes);
            data.setField("position", positions);
            LGBMBooster booster = LGBMBooster.create(data, params.lightgbm());
            try {
                for (int i = 0; i < params.iterations(); i++) {
                    if (booster.updateOneIter()) {
                        break; // no further split improves the objective
                    }
                }
                String text = booster.saveModelToString(0, 0, LGBMBooster.FeatureImportanceType.GAIN);
                return new LtrModel(booster, text);
            } catch (LGBMException | RuntimeException e) {
                booster.close();
                throw e;
            }
        } catch (LGBMException e) {
            throw new IllegalStateException("LightGBM training failed: " + e.getMessage(), e);
        }
    }

    /** Loads a model saved with {@link #text()}. */
    public static LtrModel fromText(String text) {
        try {
            LGBMBooster b = LGBMBooster.loadModelFromString(text);
            if (b.getNumFeature() != LtrFeatures.COUNT) {
                b.close();
                throw new IllegalArgumentException("the model has " + b.getNumFeature()
                        + " features, this build computes " + LtrFeatures.COUNT + "; retrain it");
            }
            return new LtrModel(b, text);
        } catch (LGBMException e) {
            throw new IllegalArgumentException("not a LightGBM model: " + e.getMessage(), e);
        }
    }

    /** LightGBM's text format of the model. */
    public String text() {
        return text;
    }

    /** Scores {@code n} rows of {@link LtrFeatures#COUNT} features each (row-major). */
    public synchronized double[] predict(float[] rows, int n) {
        if (n == 0) {
            return new double[0];
        }
        try {
            return booster.predictForMat(rows, n, LtrFeatures.COUNT, true, PredictionType.C_API_PREDICT_NORMAL,
                    "num_threads=1");
        } catch (LGBMException e) {
            throw new IllegalStateException("LightGBM prediction failed: " + e.getMessage(), e);
        }
    }

    /** Total gain of each feature's splits, in {@link LtrFeatures#NAMES} order. */
    public synchronized double[] importance() {
        try {
            return booster.featureImportance(0, LGBMBooster.FeatureImportanceType.GAIN);
        } catch (LGBMException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            booster.close();
        } catch (LGBMException e) {
            throw new IllegalStateException(e);
        }
    }
}
