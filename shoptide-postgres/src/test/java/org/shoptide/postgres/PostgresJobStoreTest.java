package org.shoptide.postgres;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.shoptide.core.port.JobStore;
import org.shoptide.testing.contract.JobStoreContract;
import org.shoptide.testing.services.TestPostgres;

/** The contract on PostgreSQL; the second process is a second pool ({@link PostgresDatabase}) on the same schema. */
class PostgresJobStoreTest extends PostgresTestBase implements JobStoreContract {
    PostgresDatabase other;

    @BeforeAll
    void openOther() {
        other = new PostgresDatabase(TestPostgres.urlWith("schema", schema));
    }

    @AfterAll
    void closeOther() {
        if (other != null) {
            other.close();
        }
    }

    @Override
    public JobStore jobStore() {
        return new PostgresJobStore(db);
    }

    @Override
    public JobStore jobStoreOfAnotherProcess() {
        return new PostgresJobStore(other);
    }
}
