package org.shoptide.postgres;

import org.shoptide.core.port.ConversationStore;
import org.shoptide.testing.contract.ConversationStoreContract;

class PostgresConversationStoreTest extends PostgresTestBase implements ConversationStoreContract {
    @Override
    public ConversationStore conversationStore() {
        return new PostgresConversationStore(db);
    }
}
