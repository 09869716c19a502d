package org.shoptide.bench.jmh;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Reference kernel for {@link ScoringBenchmark}: the same scores as {@code ShopModel.scoreItems}, computed from the
 * row-major item factors with the Vector API (one FMA per lane, the horizontal sum once per item), reading each factor
 * once and writing each score once. It is not used by the engine; it shows how far the engine's kernel is from what
 * this machine can do. Needs {@code --add-modules jdk.incubator.vector}.
 */
final class VectorScoring {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    private VectorScoring() {
    }

    /** out[i] = userVector · itemFactors[i·rank ..] for every item. */
    static void score(float[] itemFactors, int rank, float[] userVector, float[] out) {
        int nItems = itemFactors.length / rank;
        int bound = SPECIES.loopBound(rank);
        for (int i = 0; i < nItems; i++) {
            int o = i * rank;
            FloatVector acc = FloatVector.zero(SPECIES);
            int l = 0;
            for (; l < bound; l += SPECIES.length()) {
                acc = FloatVector.fromArray(SPECIES, itemFactors, o + l)
                        .fma(FloatVector.fromArray(SPECIES, userVector, l), acc);
            }
            float s = acc.reduceLanes(VectorOperators.ADD);
            for (; l < rank; l++) {
                s += itemFactors[o + l] * userVector[l];
            }
            out[i] = s;
        }
    }
}
