package org.shoptide.testing.contract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.shoptide.core.model.ExactVectorIndex;
import org.shoptide.core.port.VectorIndex;

/** The exact index runs the contract here because core cannot depend on this module. */
class ExactVectorIndexTest implements VectorIndexContract {

    @Override
    public VectorIndex.Builder builder() {
        return ExactVectorIndex::build;
    }

    @Test
    void tiesGoToTheLowerRow() {
        float[] y = { 1, 0, 0, 1, 2, 2, -1, 0 };
        VectorIndex exact = ExactVectorIndex.build(y, 2);
        assertThat(exact.search(new float[] { 1, 1 }, 3, null)).containsExactly(2, 0, 1);
        assertThat(exact.search(new float[] { 1, 1 }, 2, i -> i == 2)).containsExactly(0, 1);
    }
}
