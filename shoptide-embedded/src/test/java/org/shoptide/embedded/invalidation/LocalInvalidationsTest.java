package org.shoptide.embedded.invalidation;

import org.shoptide.core.port.Invalidations;
import org.shoptide.testing.contract.InvalidationsContract;

class LocalInvalidationsTest implements InvalidationsContract {
    private final LocalInvalidations bus = new LocalInvalidations();

    @Override
    public Invalidations node() {
        return bus;
    }
}
