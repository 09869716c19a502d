package org.shoptide.testing.fake;

import org.junit.jupiter.api.Nested;
import org.shoptide.core.port.AdminAccountStore;
import org.shoptide.core.port.CustomerTokenKeyStore;
import org.shoptide.core.port.ConversationStore;
import org.shoptide.core.port.ExperimentStore;
import org.shoptide.core.port.FeedStore;
import org.shoptide.core.port.ItemStore;
import org.shoptide.core.port.ModelStore;
import org.shoptide.core.port.PostStore;
import org.shoptide.core.port.RuleStore;
import org.shoptide.core.port.ShopStore;
import org.shoptide.core.port.UserStore;
import org.shoptide.testing.contract.AdminAccountStoreContract;
import org.shoptide.testing.contract.CustomerTokenKeyStoreContract;
import org.shoptide.testing.contract.ConversationStoreContract;
import org.shoptide.testing.contract.ExperimentStoreContract;
import org.shoptide.testing.contract.FeedStoreContract;
import org.shoptide.testing.contract.ItemStoreContract;
import org.shoptide.testing.contract.ModelStoreContract;
import org.shoptide.testing.contract.PostStoreContract;
import org.shoptide.testing.contract.RuleStoreContract;
import org.shoptide.testing.contract.ShopStoreContract;
import org.shoptide.testing.contract.UserStoreContract;

/** The in-memory store fakes honour the same contracts as the real adapters. */
class InMemoryStoresTest {

    @Nested
    class Shops implements ShopStoreContract {
        @Override
        public ShopStore shopStore() {
            return new InMemoryShopStore();
        }
    }

    @Nested
    class Posts implements PostStoreContract {
        @Override
        public PostStore postStore() {
            return new InMemoryPostStore();
        }
    }

    @Nested
    class AdminAccounts implements AdminAccountStoreContract {
        @Override
        public AdminAccountStore adminAccountStore() {
            return new InMemoryAdminAccountStore();
        }
    }

    @Nested
    class CustomerTokenKeys implements CustomerTokenKeyStoreContract {
        @Override
        public CustomerTokenKeyStore customerTokenKeyStore() {
            return new InMemoryCustomerTokenKeyStore();
        }
    }

    @Nested
    class Conversations implements ConversationStoreContract {
        @Override
        public ConversationStore conversationStore() {
            return new InMemoryConversationStore();
        }
    }

    @Nested
    class Rules implements RuleStoreContract {
        @Override
        public RuleStore ruleStore() {
            return new InMemoryRuleStore();
        }
    }

    @Nested
    class Experiments implements ExperimentStoreContract {
        @Override
        public ExperimentStore experimentStore() {
            return new InMemoryExperimentStore();
        }
    }

    @Nested
    class Feeds implements FeedStoreContract {
        @Override
        public FeedStore feedStore() {
            return new InMemoryFeedStore();
        }
    }

    @Nested
    class Items implements ItemStoreContract {
        @Override
        public ItemStore itemStore() {
            return new InMemoryItemStore();
        }
    }

    @Nested
    class Users implements UserStoreContract {
        @Override
        public UserStore userStore() {
            return new InMemoryUserStore();
        }
    }

    @Nested
    class Models implements ModelStoreContract {
        @Override
        public ModelStore modelStore() {
            return new InMemoryModelStore();
        }
    }
}
