package org.shoptide.postgres;

import org.shoptide.core.port.RuleStore;
import org.shoptide.testing.contract.RuleStoreContract;

class PostgresRuleStoreTest extends PostgresTestBase implements RuleStoreContract {
    @Override
    public RuleStore ruleStore() {
        return new PostgresRuleStore(db);
    }
}
